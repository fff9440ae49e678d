x = /a
b
c(/
y = /line one
{ , {/
