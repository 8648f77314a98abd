import sys,re,collections
f,t0,t1=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])
first={};last={}
for line in open(f):
    p=line.split()
    ts=int(p[0]); 
    if ts<t0 or ts>t1: continue
    k=(p[1],re.sub(r'\d+','N',p[2])); v=int(p[3])+int(p[4])
    first.setdefault(k,v); last[k]=v
agg=collections.Counter()
for k in last: agg[k[1]]+=(last[k]-first[k])/100.0
tot=sum(agg.values())
print("window %.1fs total cpu %.2fs"%((t1-t0)/1000,tot))
for c,v in agg.most_common(14): print("%7.2f %5.1f%% %s"%(v,100*v/tot,c))
