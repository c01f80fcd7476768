package briefing

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/chart"
)

// TestPrintReady checks the brief of the documented DEFA pair
// (digisim compare defa-binding asean-2022) as a printed page would show
// it: every SVG's text at least 7 pt at the size it prints (the brief
// prints a chart no smaller than drawn: it is at most 110 mm tall, the
// print style's cap), every text colour at least 4.5:1 against white, the
// last year of each time axis labelled, no member's colour in a chart
// that draws no members, and the headline's dividend equal to the sum of
// the yearly dividends in dividend.csv. scripts/brief-check.sh sets
// BRIEF_CHECK_DIR to a compare folder whose brief/ it wrote with the
// shipped defa-montecarlo and defa-sobol experiments; without it the test
// writes the brief of the comparison alone.
func TestPrintReady(t *testing.T) {
	cmpDir := os.Getenv("BRIEF_CHECK_DIR")
	briefDir := filepath.Join(cmpDir, "brief")
	if cmpDir == "" {
		cmpDir = compareFolder(t, "defa-binding", "asean-2022")
		out, err := Write(Options{Dir: cmpDir})
		if err != nil {
			t.Fatal(err)
		}
		briefDir = out
	}
	svgs, _ := filepath.Glob(filepath.Join(briefDir, "*.svg"))
	if len(svgs) < 5 {
		t.Fatalf("%d charts in %s, want the brief's 5 or more", len(svgs), briefDir)
	}
	members := map[string]string{}
	for _, m := range []string{"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"} {
		members[hex(chart.MemberStyle(m).Color)] = m
	}
	for _, path := range svgs {
		name := strings.TrimSuffix(filepath.Base(path), ".svg")
		for _, p := range checkPrint(t, path, name, members) {
			t.Errorf("%s: %s", filepath.Base(path), p)
		}
	}
	checkHeadline(t, cmpDir, briefDir)
}

type svgText struct {
	text, fill string
	size       float64 // font size in points at the drawn size
}

// checkPrint returns the print problems of one SVG of the brief.
func checkPrint(t *testing.T, path, name string, members map[string]string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var probs []string
	var texts []svgText
	var colours []string
	scale := 0.0 // points per user unit
	d := xml.NewDecoder(strings.NewReader(string(b)))
	sizeRE := regexp.MustCompile(`font-size:([\d.]+)px`)
	colourRE := regexp.MustCompile(`(?:fill|stroke):(#[0-9A-Fa-f]{6})`)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(k string) string {
			for _, a := range se.Attr {
				if a.Name.Local == k {
					return a.Value
				}
			}
			return ""
		}
		style := attr("style")
		for _, m := range colourRE.FindAllStringSubmatch(style, -1) {
			colours = append(colours, strings.ToUpper(m[1]))
		}
		switch se.Name.Local {
		case "svg":
			w, _ := strconv.ParseFloat(strings.TrimSuffix(attr("width"), "pt"), 64)
			h, _ := strconv.ParseFloat(strings.TrimSuffix(attr("height"), "pt"), 64)
			vb := strings.Fields(attr("viewBox"))
			if len(vb) != 4 || !strings.HasSuffix(attr("width"), "pt") {
				t.Fatalf("%s: width %q, viewBox %q: want a size in points and a viewBox", path, attr("width"), attr("viewBox"))
			}
			vw, _ := strconv.ParseFloat(vb[2], 64)
			scale = w / vw
			if mm := h / 72 * 25.4; mm > 110.5 {
				probs = append(probs, fmt.Sprintf("%.0f mm tall: the print style caps charts at 110 mm, so it would print smaller than drawn", mm))
			}
		case "text":
			var s string
			if err := d.DecodeElement(&s, &se); err != nil {
				t.Fatal(err)
			}
			st := svgText{text: s, fill: "#000000"} // SVG's initial fill
			if m := sizeRE.FindStringSubmatch(style); m != nil {
				st.size, _ = strconv.ParseFloat(m[1], 64)
				st.size *= scale
			}
			if m := regexp.MustCompile(`fill:(#[0-9A-Fa-f]{6})`).FindStringSubmatch(style); m != nil {
				st.fill = m[1]
			}
			texts = append(texts, st)
		}
	}
	if len(texts) == 0 {
		return append(probs, "no text")
	}
	for _, x := range texts {
		if x.size < 7 {
			probs = append(probs, fmt.Sprintf("text %q is %.2f pt, under 7 pt", x.text, x.size))
		}
		if c := contrast(x.fill); c < 4.5 {
			probs = append(probs, fmt.Sprintf("text %q in %s has contrast %.2f:1 on white, under 4.5:1", x.text, x.fill, c))
		}
	}
	// The last year of a time axis: the data of a chart over years has a
	// year column (a slope chart, one column per year).
	if last := lastYear(t, strings.TrimSuffix(path, ".svg")+".csv"); last != "" {
		if !slices.ContainsFunc(texts, func(x svgText) bool { return x.text == last }) {
			probs = append(probs, fmt.Sprintf("the last year %s is not labelled", last))
		}
	} else if name != "dividend_share" && name != "waterfall" && name != "dividend_distribution" {
		probs = append(probs, "no data file with a year column beside a chart over time")
	}
	// Members keep their colours; only a chart that draws members by
	// colour (the slope chart) may use them.
	if name != "slope" {
		for _, c := range colours {
			if m, ok := members[c]; ok {
				probs = append(probs, fmt.Sprintf("draws in %s, the colour of member %s, though it shows no member by colour", c, m))
				break
			}
		}
	}
	return probs
}

// lastYear returns the last year of a chart's data file: the largest value
// of its year column, or the largest year in its column names; "" when it
// has neither.
func lastYear(t *testing.T, path string) string {
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	header, rows := readTable(t, path)
	last := 0
	if header[0] == "year" {
		for _, r := range rows {
			y, _ := strconv.Atoi(r[0])
			last = max(last, y)
		}
	}
	for _, h := range header {
		if m := regexp.MustCompile(`_(\d{4})$`).FindStringSubmatch(h); m != nil {
			y, _ := strconv.Atoi(m[1])
			last = max(last, y)
		}
	}
	if last == 0 {
		return ""
	}
	return strconv.Itoa(last)
}

// checkHeadline recomputes the headline's dividend from dividend.csv: the
// sum of the regional yearly dividends from the first year summed
// (manifest.json: extra.cumulative.from) to the horizon, which must equal
// the cumulative row of dividend.csv and headline.csv, and be the amount
// the brief's headline sentence states.
func checkHeadline(t *testing.T, cmpDir, briefDir string) {
	t.Helper()
	var m struct {
		Extra struct {
			Cumulative struct {
				From float64 `json:"from"`
			} `json:"cumulative"`
		} `json:"extra"`
	}
	b, err := os.ReadFile(filepath.Join(cmpDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Extra.Cumulative.From == 0 {
		t.Fatalf("manifest.json: no extra.cumulative.from (%v)", err)
	}
	header, rows := readTable(t, filepath.Join(cmpDir, "dividend.csv"))
	col := func(name string) int { return slices.Index(header, name) }
	ti, mi, si, pi, vi, di := col("time"), col("member"), col("segment"), col("pillar"), col("variable"), col("dividend")
	var sum, cumulative float64
	years := 0
	for _, r := range rows {
		if r[mi] != "" || r[si] != "" || r[pi] != "" {
			continue
		}
		v, _ := strconv.ParseFloat(r[di], 64)
		tm, _ := strconv.ParseFloat(r[ti], 64)
		switch r[vi] {
		case "gmv":
			if tm >= m.Extra.Cumulative.From-1e-6 {
				sum += v
				years++
			}
		case "cumulative_gmv":
			cumulative = v
		}
	}
	if years < 2 || math.Abs(sum-cumulative) > 1e-9*math.Abs(sum) {
		t.Errorf("dividend.csv: regional cumulative dividend %v, sum of the %d yearly dividends from %v %v", cumulative, years, m.Extra.Cumulative.From, sum)
	}
	hh, hrows := readTable(t, filepath.Join(cmpDir, "headline.csv"))
	region := hrows[len(hrows)-1]
	if hv, _ := strconv.ParseFloat(region[slices.Index(hh, "dividend")], 64); region[0] != "" || math.Abs(hv-sum) > 1e-9*math.Abs(sum) {
		t.Errorf("headline.csv: regional dividend %v, sum of the yearly dividends %v", region, sum)
	}
	md, err := os.ReadFile(filepath.Join(briefDir, "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := chart.Money(sum); !strings.Contains(string(md), " add "+want+" ") && !strings.Contains(string(md), " adds "+want+" ") {
		t.Errorf("brief.md's headline does not state the sum of the yearly dividends, %s:\n%s", want, strings.SplitN(string(md), "## Key", 2)[0])
	}
}

func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

// contrast is the WCAG contrast ratio of a #RRGGBB colour against white.
func contrast(h string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(h, "#"), 16, 32)
	lin := func(c uint64) float64 {
		x := float64(c) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(v>>16&0xff) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
	return 1.05 / (l + 0.05)
}
