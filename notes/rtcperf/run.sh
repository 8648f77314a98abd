#!/bin/bash
# usage: run.sh TAG [jfr]
tag=$1; cd /work/wt/rtcperf
extra=""; [ "$2" = jfr ] && extra="-XX:StartFlightRecording=filename=/tmp/rtc/$tag.jfr,settings=profile"
echo "load before: $(cat /proc/loadavg)" > /tmp/rtc/$tag.out
java -Xmx6g $extra -cp peerset-bench/target/peerset-bench.jar io.peerset.bench.WebRtcSyncBench 100000 >> /tmp/rtc/$tag.out 2>/tmp/rtc/$tag.err &
jp=$!
sleep 1
/tmp/rtc/threads.sh $jp /tmp/rtc/$tag.threads 2>/dev/null &
wait $jp
echo "load after: $(cat /proc/loadavg)" >> /tmp/rtc/$tag.out
cat /tmp/rtc/$tag.out
