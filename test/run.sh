#!/bin/sh
# Runs every test binary (and test script) given, shows its output, and ends
# with one summary line over all of them: "N passed, M failed". Exit status 1
# if any failed. cmocka binaries report "[  PASSED  ] N test(s)"; scripts
# report "NAME: N passed, M failed".
# Under `make asan`, LeakSanitizer skips what the font libraries keep
# (test/lsan.supp); without sanitizers the variable is ignored.
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
passed=0
failed=0
crashed=""
for t in "$@"; do
	case $t in
	*.sh) out=$(sh "$t" 2>&1) ;;
	*) out=$("$t" 2>&1) ;;
	esac
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' \
		-e 's/^[a-z]*: \([0-9]*\) passed, [0-9]* failed$/\1/p' | awk '{s+=$1} END {print s+0}')
	f=$(printf '%s\n' "$out" | sed -n -e 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' \
		-e 's/^[a-z]*: [0-9]* passed, \([0-9]*\) failed$/\1/p' | awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		crashed="$crashed $t"
		failed=$((failed + 1))
	fi
done
[ -n "$crashed" ] && echo "crashed or exited non-zero without a failure report:$crashed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
