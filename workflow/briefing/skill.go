package briefing

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// skill reads a backtest folder (digisim backtest: scores.csv and
// forecasts.csv) and says in the method box's words how well the model
// forecast one to three years ahead against the naive forecasts, and how
// well its 80% intervals held, by origin where they fell short.
func skill(dir string) ([]string, error) {
	path := filepath.Join(dir, "scores.csv")
	rows, err := readCSV(path)
	if err != nil {
		return nil, fmt.Errorf("brief: --backtest %s: %w (a digisim backtest folder has scores.csv and forecasts.csv)", dir, err)
	}
	ix, err := columns(path, rows[0], "horizon", "forecaster", "member_mape_pct", "segment_mape_pct")
	if err != nil {
		return nil, err
	}
	type cell struct{ member, segment float64 }
	model := map[int]cell{}
	bestNaive := map[int]cell{}
	for n, r := range rows[1:] {
		h, err := strconv.Atoi(r[ix[0]])
		if err != nil || h > 3 {
			continue
		}
		var c cell
		for k, p := range []*float64{&c.member, &c.segment} {
			*p = math.NaN()
			if s := r[ix[2+k]]; s != "" {
				if *p, err = parseFloat(path, n+2, rows[0][ix[2+k]], s); err != nil {
					return nil, err
				}
			}
		}
		switch r[ix[1]] {
		case "model":
			model[h] = c
		case "no_change", "own_growth", "total_growth":
			b, ok := bestNaive[h]
			if !ok {
				b = cell{math.Inf(1), math.Inf(1)}
			}
			bestNaive[h] = cell{minNum(b.member, c.member), minNum(b.segment, c.segment)}
		}
	}
	var hs []int
	for h := range model {
		hs = append(hs, h)
	}
	sort.Ints(hs)
	if len(hs) == 0 {
		return nil, fmt.Errorf("brief: --backtest %s: scores.csv has no model rows 1-3 years ahead", dir)
	}
	list := func(get func(cell) float64, of map[int]cell) string {
		var out []string
		for _, h := range hs {
			if v := get(of[h]); !math.IsNaN(v) && !math.IsInf(v, 0) {
				out = append(out, fmt.Sprintf("%.0f%%", v))
			} else {
				out = append(out, "-")
			}
		}
		return strings.Join(out, ", ")
	}
	mem := func(c cell) float64 { return c.member }
	seg := func(c cell) float64 { return c.segment }
	years := make([]string, len(hs))
	for k, h := range hs {
		years[k] = strconv.Itoa(h)
	}
	out := []string{fmt.Sprintf("Forecasting from every year it could, %s years ahead, the model missed the members' GMV by %s on average (the best naive forecast: %s) and the segments' by %s (naive: %s).",
		strings.Join(years, ", "), list(mem, model), list(mem, bestNaive), list(seg, model), list(seg, bestNaive))}
	cov, err := coverage(dir)
	if err != nil {
		return nil, err
	}
	return append(out, cov), nil
}

// coverage says how many outcomes the 80% intervals of forecasts.csv held,
// in all and by origin.
func coverage(dir string) (string, error) {
	path := filepath.Join(dir, "forecasts.csv")
	rows, err := readCSV(path)
	if err != nil {
		return "", fmt.Errorf("brief: --backtest %s: %w", dir, err)
	}
	ix, err := columns(path, rows[0], "origin", "p10", "p90", "observed")
	if err != nil {
		return "", err
	}
	in, all := map[string]int{}, map[string]int{}
	var origins []string
	for n, r := range rows[1:] {
		if r[ix[3]] == "" {
			continue
		}
		var v [3]float64
		for k, c := range []int{ix[1], ix[2], ix[3]} {
			if v[k], err = parseFloat(path, n+2, rows[0][c], r[c]); err != nil {
				return "", err
			}
		}
		o := r[ix[0]]
		if all[o] == 0 {
			origins = append(origins, o)
		}
		all[o]++
		if v[0] <= v[2] && v[2] <= v[1] {
			in[o]++
		}
	}
	ti, ta := 0, 0
	var by []string
	lo, hi := 101.0, -1.0
	for _, o := range origins {
		ti, ta = ti+in[o], ta+all[o]
		p := 100 * float64(in[o]) / float64(all[o])
		lo, hi = math.Min(lo, p), math.Max(hi, p)
		by = append(by, fmt.Sprintf("%s %.0f%%", o, p))
	}
	if ta == 0 {
		return "", fmt.Errorf("brief: --backtest %s: forecasts.csv has no published outcome", dir)
	}
	total := 100 * float64(ti) / float64(ta)
	s := fmt.Sprintf("Its 80%% intervals held %.0f%% of %d published outcomes", total, ta)
	if lo < 70 || hi > 90 {
		return s + fmt.Sprintf(", but not evenly: by origin %s. They are not calibrated; read the ranges as indicative.", strings.Join(by, ", ")), nil
	}
	return s + fmt.Sprintf(" (by origin %.0f%% to %.0f%%).", lo, hi), nil
}

func minNum(a, b float64) float64 {
	if math.IsNaN(b) {
		return a
	}
	return math.Min(a, b)
}
