/** The annotated-CSV encoder's dialect options and edge cases (spec 5.2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAnnotatedCsv } from '../../src/flux/csv.js';
import type { FluxResult } from '../../src/flux/types.js';

const result: FluxResult = {
  name: '_result',
  tables: [{
    columns: [{ label: 'host', type: 'string', group: false }, { label: 'v', type: 'float', group: false }],
    rows: [['a', 1.5], ['b', 2]],
  }],
};

test('default dialect: header, no annotations, result name in every row', () => {
  assert.equal(encodeAnnotatedCsv([result]), ',result,table,host,v\r\n,_result,0,a,1.5\r\n,_result,0,b,2\r\n\r\n');
});

test('annotations are written in the order requested', () => {
  assert.equal(encodeAnnotatedCsv([result], { annotations: ['group', 'datatype'] }),
    '#group,false,false,false,false\r\n#datatype,string,long,string,double\r\n,result,table,host,v\r\n,_result,0,a,1.5\r\n,_result,0,b,2\r\n\r\n');
});

test('header can be turned off and the delimiter changed', () => {
  assert.equal(encodeAnnotatedCsv([result], { header: false, delimiter: ';' }), ';_result;0;a;1.5\r\n;_result;0;b;2\r\n\r\n');
  const semi: FluxResult = { name: 'r', tables: [{ columns: [{ label: 's', type: 'string', group: false }], rows: [['x;y'], ['a,b']] }] };
  assert.equal(encodeAnnotatedCsv([semi], { delimiter: ';' }), ';result;table;s\r\n;r;0;"x;y"\r\n;r;0;a,b\r\n\r\n');
});

test('no results and results without tables give a single blank line', () => {
  assert.equal(encodeAnnotatedCsv([]), '\r\n');
  assert.equal(encodeAnnotatedCsv([{ name: '_result', tables: [] }], { annotations: ['datatype'] }), '\r\n');
});

test('an empty table shows its id and group key in #default', () => {
  const empty: FluxResult = {
    name: '_result',
    tables: [
      { columns: [{ label: 'k', type: 'string', group: true }, { label: 'n', type: 'int', group: false }], rows: [['x', 1n]] },
      { columns: [{ label: 'k', type: 'string', group: true }, { label: 'n', type: 'int', group: false }], rows: [], groupValues: ['y', undefined] },
    ],
  };
  assert.equal(encodeAnnotatedCsv([empty], { annotations: ['datatype', 'group', 'default'] }), [
    '#datatype,string,long,string,long', '#group,false,false,true,false', '#default,_result,,,', ',result,table,k,n', ',,0,x,1',
    '',
    '#datatype,string,long,string,long', '#group,false,false,true,false', '#default,_result,1,y,', ',result,table,k,n',
    '', '',
  ].join('\r\n'));
});

test('each result ends with a blank line; table ids restart per result', () => {
  const two = [result, { ...result, name: 'second' }];
  assert.equal(encodeAnnotatedCsv(two, { header: false }),
    ',_result,0,a,1.5\r\n,_result,0,b,2\r\n\r\n,second,0,a,1.5\r\n,second,0,b,2\r\n\r\n');
});

test('cells: times as RFC3339Nano, floats without exponent, bools, nulls, uints', () => {
  const r: FluxResult = {
    name: 'x',
    tables: [{
      columns: [
        { label: 't', type: 'time', group: false }, { label: 'f', type: 'float', group: false },
        { label: 'b', type: 'bool', group: false }, { label: 'u', type: 'uint', group: false }, { label: 'z', type: 'string', group: false },
      ],
      rows: [[1_700_000_000_120_000_000n, 1e21, true, 18446744073709551615n, null], [0n, 1e-7, false, 0n, '\\.']],
    }],
  };
  assert.equal(encodeAnnotatedCsv([r], { header: false }),
    ',x,0,2023-11-14T22:13:20.12Z,1000000000000000000000,true,18446744073709551615,\r\n'
    + ',x,0,1970-01-01T00:00:00Z,0.0000001,false,0,"\\."\r\n\r\n');
});
