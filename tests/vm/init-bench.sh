#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /init of the benchmark VM: the same workload bare, under syscap.ko + syscap -w, and under the
# reference scap.ko + sysdig -w. Prints "BENCH <phase> <ns per syscall>" lines.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs -o size=1500m tmp /tmp
N=${BENCH_ITER:-100000}
run() { # phase
	/bench_workload "$N" >/tmp/r 2>&1 && echo "BENCH $1 $(cat /tmp/r)"
}
capture() { # phase, command...
	phase=$1
	shift
	"$@" >/tmp/cap.log 2>&1 &
	pid=$!
	sleep 4
	run "$phase"
	kill -INT $pid
	wait $pid
	echo "BENCH-FILE $phase $(ls -l /tmp/cap.scap | awk '{print $5}') bytes"
	tail -n 3 /tmp/cap.log
	rm -f /tmp/cap.scap
}
# three rounds, phases interleaved, so host noise hits all of them alike
for round in 1 2 3; do
	run baseline
	insmod /syscap.ko
	capture syscap /usr/bin/syscap --engine kmod --stats -w /tmp/cap.scap
	# the driver alone: a raw consumer that reads and discards (no parsing, no file)
	/kmodcheck --drain 8 >/tmp/drain.log 2>&1 &
	dpid=$!
	sleep 2
	run syscap-driver
	wait $dpid
	cat /tmp/drain.log
	rmmod syscap
	run baseline
	insmod /scap.ko
	capture sysdig /usr/bin/sysdig -w /tmp/cap.scap
	rmmod scap
done
echo VM-DONE
poweroff -f
