package fit

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/scenarios/observed"
)

// projection is a forecast the reports published: made in the report of
// year Vintage (the origin), of aggregate a in year Year.
type projection struct {
	Vintage, Year int
	a             agg
	Value         float64
}

// forecastRow is one row of forecasts.csv.
type forecastRow struct {
	origin, year           int
	a                      agg
	fc, p10, p50, p90      float64
	observed               float64
	hasObs                 bool
	naive                  map[string]float64 // by naiveNames, where computable
	report                 float64
	hasReport, hasAllNaive bool
}

// forecastRows lays out the forecasts of every origin: each year T+1..last,
// the SEA-6 total, each member's total, each segment's SEA-6 sum.
func (f *forecaster) forecastRows(ofs []*originFit, reports []projection) []forecastRow {
	var rows []forecastRow
	for _, of := range ofs {
		for y := of.T + 1; y <= f.last; y++ {
			for _, a := range f.pb.aggs {
				r := forecastRow{origin: of.T, year: y, a: a, fc: of.fc[a][y], naive: map[string]float64{}, hasAllNaive: true}
				r.p10, r.p50, r.p90 = of.quantiles(a, y)
				r.observed, r.hasObs = f.pb.at(a, y)
				for _, nm := range naiveNames {
					if v, ok := naive(f.pb, nm, a, of.T, y); ok {
						r.naive[nm] = v
					} else {
						r.hasAllNaive = false
					}
				}
				for _, p := range reports {
					if p.Vintage == of.T && p.Year == y && p.a == a {
						r.report, r.hasReport = p.Value, true
					}
				}
				rows = append(rows, r)
			}
		}
	}
	return rows
}

func writeForecastsCSV(path string, rows []forecastRow) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"origin", "year", "member", "segment", "forecast", "p10", "p50", "p90", "observed"})
		for _, r := range rows {
			obs := ""
			if r.hasObs {
				obs = ff(r.observed)
			}
			cw.Write([]string{strconv.Itoa(r.origin), strconv.Itoa(r.year), r.a.Member, r.a.Segment, ff(r.fc), ff(r.p10), ff(r.p50), ff(r.p90), obs})
		}
		cw.Flush()
		return cw.Error()
	})
}

// score is the skill of one forecaster at one horizon: MAPE (%) and the
// number of forecasts of each kind, and for the model the share of
// outcomes inside its 80% interval.
type score struct {
	horizon    int
	forecaster string
	mape       map[string]float64
	n          map[string]int
	coverage   float64 // %, NaN for forecasters without intervals
	nCoverage  int
}

// Forecasters scored, in table order. The model and the naive forecasts
// are scored on the same forecasts: those for which every naive forecast
// can be made (both years before the origin published); the reports on
// their own projections, with the model on exactly those beside them.
var scoreNames = []string{"model", "no_change", "own_growth", "total_growth", "reports", "model_on_reports"}

// scoreRows scores rows by horizon (1 to the longest).
func scoreRows(rows []forecastRow) []score {
	maxH := 0
	for _, r := range rows {
		maxH = max(maxH, r.year-r.origin)
	}
	var out []score
	for h := 1; h <= maxH; h++ {
		for _, name := range scoreNames {
			sc := score{horizon: h, forecaster: name, mape: map[string]float64{}, n: map[string]int{}, coverage: math.NaN()}
			inside := 0
			for _, r := range rows {
				if r.year-r.origin != h || !r.hasObs {
					continue
				}
				var v float64
				switch name {
				case "model":
					if !r.hasAllNaive {
						continue
					}
					v = r.fc
					sc.nCoverage++
					if r.p10 <= r.observed && r.observed <= r.p90 {
						inside++
					}
				case "reports", "model_on_reports":
					if !r.hasReport {
						continue
					}
					v = r.report
					if name == "model_on_reports" {
						v = r.fc
					}
				default:
					if !r.hasAllNaive {
						continue
					}
					v = r.naive[name]
				}
				k := r.a.kind()
				sc.mape[k] += math.Abs(100 * (v/r.observed - 1))
				sc.n[k]++
			}
			for k, n := range sc.n {
				sc.mape[k] /= float64(n)
			}
			if sc.nCoverage > 0 {
				sc.coverage = 100 * float64(inside) / float64(sc.nCoverage)
			}
			if len(sc.n) > 0 {
				out = append(out, sc)
			}
		}
	}
	return out
}

func writeScoresCSV(path string, scores []score) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		head := []string{"horizon", "forecaster"}
		for _, k := range aggKinds {
			head = append(head, k+"_mape_pct", k+"_n")
		}
		head = append(head, "coverage80_pct", "coverage_n")
		cw.Write(head)
		for _, sc := range scores {
			row := []string{strconv.Itoa(sc.horizon), sc.forecaster}
			for _, k := range aggKinds {
				if n := sc.n[k]; n > 0 {
					row = append(row, ff(sc.mape[k]), strconv.Itoa(n))
				} else {
					row = append(row, "", "0")
				}
			}
			cov := ""
			if !math.IsNaN(sc.coverage) {
				cov = ff(sc.coverage)
			}
			row = append(row, cov, strconv.Itoa(sc.nCoverage))
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	})
}

// printScores prints the scores of horizons 1 to 3, and the coverage of
// the 80% intervals over all horizons.
func printScores(w io.Writer, scores []score, rows []forecastRow) {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "horizon\tforecaster\ttotal MAPE %\tmember MAPE %\tsegment MAPE %\tforecasts\t80% coverage\t")
	for _, sc := range scores {
		if sc.horizon > 3 {
			continue
		}
		cov := ""
		if !math.IsNaN(sc.coverage) {
			cov = fmt.Sprintf("%.0f%%", sc.coverage)
		}
		cell := func(k string) string {
			if sc.n[k] == 0 {
				return "-"
			}
			return fmt.Sprintf("%.1f", sc.mape[k])
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t\n", sc.horizon, sc.forecaster, cell("total"), cell("member"), cell("segment"),
			sc.n["total"]+sc.n["member"]+sc.n["segment"], cov)
	}
	tw.Flush()
	in, n := 0, 0
	for _, r := range rows {
		if r.hasObs {
			n++
			if r.p10 <= r.observed && r.observed <= r.p90 {
				in++
			}
		}
	}
	if n > 0 {
		fmt.Fprintf(w, "\n80%% intervals: %d of %d published outcomes inside (%.0f%%), every origin and horizon.\n", in, n, 100*float64(in)/float64(n))
	}
	var origins []int
	for _, r := range rows {
		if r.hasReport && r.a == (agg{}) && !slices.Contains(origins, r.origin) {
			origins = append(origins, r.origin)
		}
	}
	for _, T := range origins {
		for _, r := range rows {
			if r.origin == T && r.a == (agg{}) && r.hasReport && r.hasObs {
				fmt.Fprintf(w, "SEA-6 %d from %d: model %.0f bn (%+.1f%%), report %.0f bn (%+.1f%%), published %.0f bn\n", r.year, T,
					r.fc/1e9, 100*(r.fc/r.observed-1), r.report/1e9, 100*(r.report/r.observed-1), r.observed/1e9)
			}
		}
	}
}

// reportProjections returns the reports' own forecasts (the shipped
// projections, observed.Projections) of the aggregates a backtest scores:
// the SEA-6 total, a member's total, a segment's SEA-6 sum.
func reportProjections(pb *published) ([]projection, error) {
	ps, err := observed.Projections()
	if err != nil {
		return nil, err
	}
	var out []projection
	for _, p := range ps {
		a := agg{Segment: p.Segment}
		if p.Segment == "total" {
			a.Segment = ""
		}
		ms := slices.Clone(p.Members)
		slices.Sort(ms)
		switch {
		case slices.Equal(ms, pb.members):
		case len(ms) == 1 && a.Segment == "":
			a.Member = ms[0]
		default:
			continue // a member's segment: not an aggregate scored
		}
		if slices.Contains(pb.aggs, a) {
			out = append(out, projection{Vintage: p.Vintage, Year: p.Year, a: a, Value: p.Value})
		}
	}
	return out, nil
}
