import sys,re,collections
f,t0,t1=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])
snaps=collections.defaultdict(dict)
for line in open(f):
    p=line.split()
    if len(p)<5: continue
    ts,tid,comm,u,s=int(p[0]),p[1],' '.join(p[2:-2]),int(p[-2]),int(p[-1])
    snaps[ts][tid]=(comm,u+s)
tss=sorted(snaps)
a=max([x for x in tss if x<=t0] or [tss[0]]); b=min([x for x in tss if x>=t1] or [tss[-1]])
print("window",(b-a)/1000.0,"s")
agg=collections.Counter()
last={}
first={}
for ts in tss:
    if ts>b: break
    for tid,cv in snaps[ts].items():
        last[tid]=cv
        if ts<=a: first[tid]=cv
for tid,(comm,v) in last.items():
    v0=first.get(tid,(comm,0))[1]
    name=re.sub(r'\d+','N',comm)
    agg[name]+= (v-v0)/100.0
tot=sum(agg.values())
print("total cpu s %.1f  = %.2f cores"%(tot,tot/((b-a)/1000.0)))
for k,v in agg.most_common(30): print("%7.2f s %5.1f%%  %s"%(v,100*v/tot,k))
