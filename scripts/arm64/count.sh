# Sourced by scripts/arm64-insns.sh and scripts/fastmath-arm64-insns.sh:
# counting the arm64 instructions a test binary executes, under qemu-user.
#
# arm64_count BINARY DIR BENCH N [ENV...] runs benchmark BENCH (an
# anchored -test.bench pattern) of BINARY (built with GOARCH=arm64) for N
# iterations in folder DIR, with the environment ENV, under
# qemu-aarch64-static, and prints "COUNT FUNCTION" lines: the instructions
# each function executed, the first line "COUNT total". qemu logs every
# block it translates (its instructions) and every execution of one
# (-d in_asm,exec; nochain so that none is left out), through a pipe; the
# sum is exact, however loaded the machine.
arm64_count() {
	local bin=$1 dir=$2 bench=$3 n=$4
	shift 4
	command -v qemu-aarch64-static >/dev/null || {
		echo "needs qemu-aarch64-static (apt-get install qemu-user-static)" >&2
		return 1
	}
	(cd "$dir" && env GOMAXPROCS=1 "$@" qemu-aarch64-static -d in_asm,exec,nochain "$bin" \
		-test.run '^$' -test.bench "$bench" -test.benchtime "${n}x" -test.cpu 1 2>&1 >/dev/null) |
		awk '
			function key(h) { sub(/^0x/, "", h); sub(/:$/, "", h); sub(/^0+/, "", h); return h }
			/^IN: / { tb = ""; next }
			/^0x[0-9a-f]+:/ { if (tb == "") { tb = key($1); size[tb] = 0 } size[tb]++; next }
			/^Trace / { split($4, f, "/"); k = key(f[2]); total += size[k]; fn[$5] += size[k]; next }
			END { print total, "total"; for (s in fn) print fn[s], s }'
}
