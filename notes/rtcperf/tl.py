import sys,re,collections
f,t0,t1=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]); step=float(sys.argv[4]) if len(sys.argv)>4 else 0.5
snaps=collections.defaultdict(dict)
for line in open(f):
    p=line.split()
    if len(p)<5: continue
    snaps[int(p[0])][p[1]]=(re.sub(r'\d+','N',p[2])[:12],int(p[3])+int(p[4]))
tss=[t for t in sorted(snaps) if t>=t0-200 and t<=t1+300]
# resample at step
sel=[tss[0]]
for t in tss:
    if t-sel[-1]>=step*1000: sel.append(t)
groups=['peerset-veri','C2_CompilerT','C1_CompilerT','GC_Thread#N','webrtc_jni_n','peerset-room','peerset-inge']
print("t(s)   total " + " ".join(g[:8] for g in groups)+" other")
for a,b in zip(sel,sel[1:]):
    dt=(b-a)/1000.0; agg=collections.Counter()
    for tid,(c,v) in snaps[b].items():
        v0=snaps[a].get(tid,(c,v))[1]
        agg[c]+=(v-v0)/100.0/dt
    tot=sum(agg.values()); oth=tot-sum(agg[g] for g in groups)
    print("%5.1f %5.2f "%((a-t0)/1000.0,tot)+" ".join("%8.2f"%agg[g] for g in groups)+" %6.2f"%oth)
