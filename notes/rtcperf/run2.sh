#!/bin/bash
# usage: run2.sh TAG [java opts...]
tag=$1; shift; cd "$(dirname "$0")/../.."; mkdir -p /tmp/rtc
echo "load before: $(cat /proc/loadavg)" > /tmp/rtc/$tag.out
java -Xmx6g "$@" -Dbench.progress=true -cp peerset-bench/target/peerset-bench.jar io.peerset.bench.WebRtcSyncBench 100000 >> /tmp/rtc/$tag.out 2>/tmp/rtc/$tag.err &
jp=$!
python3 notes/rtcperf/samp.py $jp /tmp/rtc/$tag.threads &
wait $jp
echo "load after: $(cat /proc/loadavg)" >> /tmp/rtc/$tag.out
