/** InfluxDB v2 JSON shapes of orgs and users. */
import type { OrgRecord, UserRecord } from '../storage/contracts.js';

export function orgView(o: OrgRecord) {
  const self = `/api/v2/orgs/${o.id}`;
  return {
    links: {
      buckets: `/api/v2/buckets?org=${encodeURIComponent(o.name)}`,
      dashboards: `/api/v2/dashboards?org=${encodeURIComponent(o.name)}`,
      labels: `${self}/labels`,
      logs: `${self}/logs`,
      members: `${self}/members`,
      owners: `${self}/owners`,
      secrets: `${self}/secrets`,
      self,
      tasks: `/api/v2/tasks?org=${encodeURIComponent(o.name)}`,
    },
    id: o.id,
    name: o.name,
    description: o.description,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function userView(u: Pick<UserRecord, 'id' | 'name' | 'status'>) {
  return { links: { self: `/api/v2/users/${u.id}` }, id: u.id, name: u.name, status: u.status };
}
