import sys,re,collections
f,t0,t1=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])
snaps=collections.defaultdict(dict)
for line in open(f):
    p=line.split()
    if len(p)<5: continue
    snaps[int(p[0])][p[1]]=(re.sub(r'\d+','N',' '.join(p[2:-2]))[:12],int(p[-2])+int(p[-1]))
tss=[t for t in sorted(snaps) if t>=t0-1000 and t<=t1+600]
groups=['peerset-veri','CN CompilerT','GC Thread#N','webrtc_jni_n','peerset-room','peerset-inge']
print("t(s)   total " + " ".join(g[:8] for g in groups))
for a,b in zip(tss,tss[1:]):
    dt=(b-a)/1000.0; agg=collections.Counter()
    for tid,(c,v) in snaps[b].items():
        v0=snaps[a].get(tid,(c,v))[1]
        agg[c]+=(v-v0)/100.0/dt
    tot=sum(agg.values())
    print("%5.1f %5.2f "%((a-t0)/1000.0,tot)+" ".join("%8.2f"%agg[g] for g in groups))
