import sys,os,time,re
pid=sys.argv[1]; out=open(sys.argv[2],'w')
while os.path.exists('/proc/%s'%pid):
    ts=int(time.time()*1000)
    try: tids=os.listdir('/proc/%s/task'%pid)
    except: break
    for t in tids:
        try:
            comm=open('/proc/%s/task/%s/comm'%(pid,t)).read().strip()
            st=open('/proc/%s/task/%s/stat'%(pid,t)).read()
        except: continue
        rest=st.rsplit(')',1)[1].split()
        out.write("%d %s %s %s %s\n"%(ts,t,comm.replace(' ','_'),rest[11],rest[12]))
    time.sleep(0.1)
