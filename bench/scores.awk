# bench/scores.awk — a score sheet for N units "单位000001" … with one row per
# unit per scoring slot, points drawn uniformly from 0 to the slot's maximum
# in tenths, deterministic (srand(42)).
#
#   awk -v n=150000 -f bench/scores.awk SLOTS > scores.csv
#
# SLOTS is the "REF<TAB>MAX" list written by bench/rubric.awk.
BEGIN { FS = "\t"; ns = 0 }
{ ref[++ns] = $1; max[ns] = $2 }
END {
	srand(42)
	print "unit,criterion,points"
	for (u = 1; u <= n; u++) {
		name = sprintf("单位%06d", u)
		for (k = 1; k <= ns; k++) {
			t = int(rand() * (max[k] + 1))
			if (t > max[k])
				t = max[k]
			printf "%s,%s,%d.%d\n", name, ref[k], int(t / 10), t % 10
		}
	}
}
