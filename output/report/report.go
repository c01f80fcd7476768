// Package report writes the short plain-text summaries that digisim prints
// after a run or a comparison: the figures a reader checks first.
package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/sim"
)

// keyYears are the times the run summary reports, besides base and horizon.
var keyYears = []float64{2025, 2030}

// pick returns the snapshots at the base year, the key years inside the
// run, and the horizon, without repeats.
func pick(r *sim.Result) []*sim.Snapshot {
	var out []*sim.Snapshot
	add := func(t float64) {
		k, ok := r.StepAt(t)
		if !ok || (len(out) > 0 && out[len(out)-1] == &r.Steps[k]) {
			return
		}
		out = append(out, &r.Steps[k])
	}
	first, last := r.Steps[0].Time, r.Steps[len(r.Steps)-1].Time
	add(first)
	for _, y := range keyYears {
		if y > first && y < last {
			add(y)
		}
	}
	add(last)
	return out
}

// KeySteps returns the snapshots the run summary reports: the base year,
// 2025 and 2030 when inside the run, and the horizon. headline.csv holds
// the same times.
func KeySteps(r *sim.Result) []*sim.Snapshot { return pick(r) }

// Run writes the regional headline figures of one run.
func Run(w io.Writer, scenario string, r *sim.Result) error {
	snaps := pick(r)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "Scenario %s: regional GMV by segment (USD billion per year, buyer's country)\n", scenario)
	header := []string{"segment"}
	for _, sn := range snaps {
		header = append(header, year(sn.Time))
	}
	header = append(header, fmt.Sprintf("growth/yr %s-%s", year(snaps[0].Time), year(snaps[len(snaps)-1].Time)))
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	row := func(name string, v func(sn *sim.Snapshot) float64) {
		cells := []string{name}
		for _, sn := range snaps {
			cells = append(cells, fmt.Sprintf("%.1f", v(sn)/1e9))
		}
		cells = append(cells, cagr(v(snaps[0]), v(snaps[len(snaps)-1]), snaps[len(snaps)-1].Time-snaps[0].Time))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	for s, seg := range r.Segments {
		row(seg, func(sn *sim.Snapshot) float64 { return sn.Region.GMV[s] })
	}
	row("total", func(sn *sim.Snapshot) float64 { return sn.Region.GMVTotal })
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "indicator\t"+strings.Join(years(snaps), "\t")+"\t")
	ind := func(name, format string, scale float64, v func(sn *sim.Snapshot) float64) {
		cells := []string{name}
		for _, sn := range snaps {
			cells = append(cells, fmt.Sprintf(format, scale*v(sn)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	ind("users, all segments (million)", "%.1f", 1e-6, func(sn *sim.Snapshot) float64 { return sn.Region.UsersTotal })
	ind("GMV per head (USD)", "%.0f", 1, func(sn *sim.Snapshot) float64 { return sn.Region.GMVPerHead })
	ind("Gini of GMV per head", "%.3f", 1, func(sn *sim.Snapshot) float64 { return sn.Region.Gini })
	ind("CV of GMV per head", "%.3f", 1, func(sn *sim.Snapshot) float64 { return sn.Region.CV })
	ind("capacity gap (max-min)", "%.3f", 1, func(sn *sim.Snapshot) float64 { return sn.Region.CapacityGap })
	ind("bought across borders (%)", "%.1f", 100, func(sn *sim.Snapshot) float64 { return sn.Region.CrossBorderShare })
	return tw.Flush()
}

func year(t float64) string {
	if t == math.Trunc(t) {
		return fmt.Sprintf("%.0f", t)
	}
	return fmt.Sprintf("%.2f", t)
}

func years(snaps []*sim.Snapshot) []string {
	var out []string
	for _, sn := range snaps {
		out = append(out, year(sn.Time))
	}
	return out
}

// cagr formats the compound annual growth rate from a to b over span years.
func cagr(a, b, span float64) string {
	if a <= 0 || b <= 0 || span <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*(math.Pow(b/a, 1/span)-1))
}

// Dividend writes cumulative GMV over the horizon of a policy and its base,
// per member (largest dividend first) and for the region.
func Dividend(w io.Writer, policy, base string, members []string, pol, bas []float64, from, to float64) error {
	fmt.Fprintf(w, "Coordination dividend of %s over %s: cumulative GMV %s-%s (USD billion)\n", policy, base, year(from), year(to))
	type row struct {
		id     string
		p, b   float64
		divide float64
	}
	rows := make([]row, len(members))
	var tp, tb float64
	for i, m := range members {
		rows[i] = row{m, pol[i], bas[i], pol[i] - bas[i]}
		tp += pol[i]
		tb += bas[i]
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].divide > rows[b].divide })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "member\t%s\t%s\tdividend\tdividend %%\t\n", policy, base)
	line := func(id string, p, b float64) {
		pct := "n/a"
		if b != 0 {
			pct = fmt.Sprintf("%+.2f%%", 100*(p-b)/b)
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%+.2f\t%s\t\n", id, p/1e9, b/1e9, (p-b)/1e9, pct)
	}
	for _, r := range rows {
		line(r.id, r.p, r.b)
	}
	line("region", tp, tb)
	return tw.Flush()
}
