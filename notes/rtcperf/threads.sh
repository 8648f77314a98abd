#!/bin/bash
# usage: threads.sh PID OUT ; snapshots per-thread cpu ticks every 0.5s
pid=$1; out=$2; : > $out
while kill -0 $pid 2>/dev/null; do
  ts=$(date +%s%3N)
  for t in /proc/$pid/task/*; do
    read -r comm < $t/comm 2>/dev/null
    st=$(cat $t/stat 2>/dev/null) || continue
    rest=${st##*) }
    set -- $rest
    echo "$ts ${t##*/} $comm ${12} ${13}"
  done >> $out
  sleep 0.5
done
