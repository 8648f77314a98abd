import sys,re,collections
f,t0,t1=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])
first={};last={}
for line in open(f):
    p=line.split(); ts=int(p[0])
    if ts<t0 or ts>t1: continue
    k=(p[1],re.sub(r'\d+','N',p[2])); v=(int(p[3]),int(p[4]))
    first.setdefault(k,v); last[k]=v
u=collections.Counter(); s=collections.Counter()
for k in last: u[k[1]]+=(last[k][0]-first[k][0])/100.0; s[k[1]]+=(last[k][1]-first[k][1])/100.0
for c,v in (u+s).most_common(6): print("%-18s user %6.2f sys %6.2f"%(c,u[c],s[c]))
