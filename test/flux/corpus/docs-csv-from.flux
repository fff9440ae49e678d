import "csv"

csvData = "#datatype,string,long,dateTime:RFC3339,string,double
#group,false,false,false,true,false
#default,_result,,,,
,result,table,_time,_measurement,_value
,,0,2018-05-08T20:50:00Z,cpu,1.0
"

csv.from(csv: csvData)
