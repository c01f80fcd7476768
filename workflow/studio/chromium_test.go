package studio_test

import (
	"context"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/studio"
)

// pageState is what the test reads back from the page after a redraw:
// the raw numbers behind the headline cards and the charts' paths.
type pageState struct {
	Headline map[string]float64
	Series   map[string]string // chart id/data-key -> comma-separated values
	TOML     string
	File     string
	Slider   float64
	Status   string
}

const readPage = `(() => {
  const out = {Headline: {}, Series: {}, TOML: document.getElementById("toml").textContent, File: lastFile.name,
    Slider: Number(document.querySelector('input[data-key="policy.business_engagement"]').value),
    Status: document.getElementById("status").textContent};
  for (const c of document.querySelectorAll("#headline .card")) out.Headline[c.id.replace("headline-", "")] = Number(c.dataset.value);
  for (const svg of document.querySelectorAll("#charts svg"))
    for (const p of svg.querySelectorAll("[data-key]")) out.Series[svg.id + "/" + p.dataset.key] = p.dataset.values;
  return out;
})()`

// settled holds when the page has drawn the answer to its latest request.
const settled = `typeof state !== "undefined" && state.seq >= %d && state.shown === state.seq && !state.inFlight && !state.pending`

// TestChromium loads the page in headless Chromium, turns the DEFA switch
// on, moves the business engagement slider with the mouse and a
// coordination slider, and checks
// that the headline numbers and every chart's data equal a sim.Run of the
// same settings (loaded through scenarios.Load, as digisim run does), and
// that the page's scenario file reproduces them. No console message or
// exception is allowed. The screenshot goes to $STUDIO_KEEP when set.
func TestChromium(t *testing.T) {
	bin := chromiumBinary()
	if bin == "" {
		t.Skip("headless Chromium not found (Debian package chromium; scripts/studio-check.sh installs it): the browser test did not run")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	s, err := studio.New(studio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	b := startBrowser(t, ctx, bin)
	b.call(ctx, b.session, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil)
	b.waitFor(ctx, "the first drawing", strings.Replace(settled, "%d", "1", 1))

	var before pageState
	b.eval(ctx, readPage, &before)
	checkPage(t, "agreement as loaded", before, "agreement", nil)

	// The DEFA switch on the agreement, with its defaults (from 2023 to
	// binding rules over seven years), is the shipped binding scenario.
	b.eval(ctx, `document.getElementById("defa").click()`, nil)
	b.waitFor(ctx, "the redraw after the DEFA switch", strings.Replace(settled, "%d", "2", 1))
	var defa pageState
	b.eval(ctx, readPage, &defa)
	checkPage(t, "agreement with the DEFA switch on (binding)", defa, "binding", nil)

	// Move the business engagement slider with the mouse: a click at 90%
	// of its width (the value lands where the browser puts it; the
	// expectation uses the value the slider then holds).
	var rect struct{ X, Y, W, H float64 }
	b.eval(ctx, `(() => { const s = document.querySelector('input[data-key="policy.business_engagement"]'); s.scrollIntoView({block: "center"});
	  const r = s.getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height}; })()`, &rect)
	x, y := rect.X+0.9*rect.W, rect.Y+rect.H/2
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.call(ctx, b.session, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": x, "y": y, "button": "left", "clickCount": 1}, nil)
	}
	b.waitFor(ctx, "the redraw after the slider", strings.Replace(settled, "%d", "3", 1))
	var after pageState
	b.eval(ctx, readPage, &after)
	if after.Slider == before.Slider {
		t.Fatalf("the slider did not move: %v", after.Slider)
	}
	if after.Headline["gmv"] == before.Headline["gmv"] {
		t.Errorf("headline GMV unchanged after the slider moved from %v to %v", before.Slider, after.Slider)
	}
	sets := []string{"policy.business_engagement=" + strconv.FormatFloat(after.Slider, 'g', -1, 64)}
	checkPage(t, "after the business engagement slider", after, "binding", sets)

	// A coordination lever: the level after entry into force, for every
	// pillar. The page's scenario file must reproduce the page.
	b.eval(ctx, `(() => { const s = document.querySelector('input[data-key="coord.level"]'); s.value = 0.8; s.dispatchEvent(new Event("input")); return true; })()`, nil)
	b.waitFor(ctx, "the redraw after the coordination slider", strings.Replace(settled, "%d", "4", 1))
	var coord pageState
	b.eval(ctx, readPage, &coord)
	if !strings.Contains(coord.TOML, "policy.coordination.payments = [[2018.0, 0.2], [2021.0, 0.2], [2022.0, 0.8], [2023.0, 0.8], [2030.0, 1.0]]") {
		t.Errorf("the scenario file does not hold the moved schedule:\n%s", coord.TOML)
	}
	// The Download button: the file it saves is the one shown, and a run
	// of it gives the page's numbers.
	dir := t.TempDir()
	b.call(ctx, "", "Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": dir}, nil)
	b.eval(ctx, `document.getElementById("download").click()`, nil)
	file := filepath.Join(dir, coord.File)
	var saved []byte
	for saved == nil {
		if data, err := os.ReadFile(file); err == nil && len(data) > 0 {
			saved = data
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no download in %s", dir)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if string(saved) != coord.TOML {
		t.Errorf("the downloaded file differs from the one shown:\n%s\nshown:\n%s", saved, coord.TOML)
	}
	checkPage(t, "after the coordination slider (the downloaded scenario file)", coord, file, nil)

	shot := filepath.Join(t.TempDir(), "studio.png")
	if keep := os.Getenv("STUDIO_KEEP"); keep != "" {
		shot = filepath.Join(keep, "studio.png")
	}
	b.screenshot(ctx, shot, nil)
	if keep := os.Getenv("STUDIO_KEEP"); keep != "" {
		// The small one of docs/studio.md.
		b.eval(ctx, `window.scrollTo(0, 0)`, nil)
		b.screenshot(ctx, filepath.Join(keep, "studio-small.png"), map[string]any{"x": 0, "y": 0, "width": 1400, "height": 1040, "scale": 0.6})
	}
	t.Logf("screenshot %s; status %q", shot, coord.Status)

	// A 2022-based scenario: its counterfactual follows it
	// (no-coordination-2022), and its schedule, which starts before the
	// base year, survives a move of the DEFA level.
	b.eval(ctx, `(() => { const s = document.getElementById("scenario"); s.value = "defa-binding"; s.dispatchEvent(new Event("change")); return true; })()`, nil)
	b.waitFor(ctx, "the redraw of defa-binding", strings.Replace(settled, "%d", "5", 1)+` && document.getElementById("against").value === "no-coordination-2022"`)
	var d22 pageState
	b.eval(ctx, readPage, &d22)
	checkPageAgainst(t, "defa-binding as loaded", d22, "defa-binding", nil, "no-coordination-2022")
	b.eval(ctx, `(() => { const s = document.querySelector('input[data-key="coord.defa_level"]'); s.value = 0.9; s.dispatchEvent(new Event("input")); return true; })()`, nil)
	b.waitFor(ctx, "the redraw after the DEFA level", strings.Replace(settled, "%d", "6", 1))
	var d22b pageState
	b.eval(ctx, readPage, &d22b)
	sched := "[[2018.0, 0.2], [2021.0, 0.2], [2022.0, 0.5], [2026.0, 0.5], [2030.0, 0.9]]"
	if !strings.Contains(d22b.TOML, "policy.coordination.payments = "+sched) {
		t.Errorf("defa-binding with DEFA level 0.9: the scenario file lacks %s:\n%s", sched, d22b.TOML)
	}
	checkPageAgainst(t, "defa-binding with DEFA level 0.9", d22b, "defa-binding", []string{"policy.coordination.*=" + sched}, "no-coordination-2022")
	b.eval(ctx, `(() => { const s = document.getElementById("scenario"); s.value = "agreement"; s.dispatchEvent(new Event("change")); return true; })()`, nil)
	b.waitFor(ctx, "the redraw of agreement", strings.Replace(settled, "%d", "7", 1)+` && document.getElementById("against").value === "no-coordination"`)

	reqs := b.requests()
	for _, u := range reqs {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page requested %s: it must be self-contained", u)
		}
	}
	if len(reqs) < 7 { // page, script, style sheet, scenarios, describe, 4 runs
		t.Errorf("only %d requests seen: %v", len(reqs), reqs)
	}
	if p := b.problems(); len(p) > 0 {
		t.Errorf("console messages or exceptions:\n%s", strings.Join(p, "\n"))
	}
}

// checkPage compares what the page shows with a run of ref under sets
// against no-coordination.
func checkPage(t *testing.T, what string, got pageState, ref string, sets []string) {
	t.Helper()
	checkPageAgainst(t, what, got, ref, sets, "no-coordination")
}

func checkPageAgainst(t *testing.T, what string, got pageState, ref string, sets []string, against string) {
	t.Helper()
	pr, br := runPair(t, ref, sets, against)
	last := pr.Steps[len(pr.Steps)-1]
	pt, _ := pr.CumulativeGMV()
	bt, _ := br.CumulativeGMV()
	want := map[string]float64{"gmv": last.Region.GMVTotal, "dividend": pt - bt, "gini": last.Region.Gini, "cross_border": last.Region.CrossBorderShare}
	for k, w := range want {
		if !near(got.Headline[k], w) {
			t.Errorf("%s: headline %s = %v, sim.Run gives %v", what, k, got.Headline[k], w)
		}
	}
	series := func(id string, f func(sn *sim.Snapshot, bn *sim.Snapshot) float64) {
		raw, ok := got.Series[id]
		if !ok {
			t.Errorf("%s: the page has no series %s (has %d)", what, id, len(got.Series))
			return
		}
		vals := strings.Split(raw, ",")
		if len(vals) != len(pr.Steps) {
			t.Errorf("%s: %s has %d values, the run %d outputs", what, id, len(vals), len(pr.Steps))
			return
		}
		for k, v := range vals {
			x, err := strconv.ParseFloat(v, 64)
			w := f(&pr.Steps[k], &br.Steps[k])
			if err != nil || !near(x, w) {
				t.Errorf("%s: %s at %v = %q, sim.Run gives %v", what, id, pr.Steps[k].Time, v, w)
				return
			}
		}
	}
	S := len(pr.Segments)
	for s, seg := range pr.Segments {
		series("chart-region/"+seg, func(sn, _ *sim.Snapshot) float64 { return sn.Region.GMV[s] })
	}
	for i, m := range pr.Members {
		series("chart-members/"+m, func(sn, _ *sim.Snapshot) float64 {
			sum := 0.0
			for s := range S {
				sum += sn.GMV[i*S+s]
			}
			return sum
		})
	}
	series("chart-dividend/dividend", func(sn, bn *sim.Snapshot) float64 { return sn.Region.GMVTotal - bn.Region.GMVTotal })
	series("chart-convergence/gini", func(sn, _ *sim.Snapshot) float64 { return sn.Region.Gini })
	series("chart-convergence/gini_against", func(_, bn *sim.Snapshot) float64 { return bn.Region.Gini })
	series("chart-convergence/capacity_gap", func(sn, _ *sim.Snapshot) float64 { return sn.Region.CapacityGap })
}

// runPair runs ref with sets and its counterfactual as digisim run would.
func runPair(t *testing.T, ref string, sets []string, against string) (pr, br *sim.Result) {
	t.Helper()
	sc, err := scenarios.Load(ref, sets)
	if err != nil {
		t.Fatal(err)
	}
	bc, err := scenarios.Load(against, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pr, err = sim.Run(sc.Params); err != nil {
		t.Fatal(err)
	}
	if br, err = sim.Run(bc.Params); err != nil {
		t.Fatal(err)
	}
	return pr, br
}

// near compares to 1e-9 relative (the page's numbers travel as JSON
// shortest-form decimals, which read back exactly; the tolerance only
// allows for a different order of summation).
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
