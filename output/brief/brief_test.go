package brief

import (
	"bytes"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/brief.md")

// moneyRE reads back a money amount the sentence prints.
var moneyRE = regexp.MustCompile(`US\$([0-9.,]+)(trn|bn|m)?`)
var pctRE = regexp.MustCompile(`\(([+-][0-9.]+)%\)`)

func parseMoney(t *testing.T, s string) float64 {
	t.Helper()
	m := moneyRE.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no amount in %q", s)
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v * map[string]float64{"trn": 1e12, "bn": 1e9, "m": 1e6, "": 1}[m[2]]
}

// The sentence's numbers are the inputs, rounded as printed: the amount to
// half a unit of its last printed digit, the per cent change likewise.
func TestSentenceNumbersEqualInputs(t *testing.T) {
	for _, h := range []Headline{
		{Policy: "Binding rules", Baseline: "no coordination", From: 2018, To: 2035, DividendUSD: 512.3e9, BaselineUSD: 6.02e12, TopRelative: []string{"Myanmar", "Cambodia", "Lao PDR"}},
		{Policy: "The agreement", Singular: true, From: 2018, To: 2030, DividendUSD: 8.46e9, BaselineUSD: 2.1e12, TopRelative: []string{"Lao PDR"}},
		{Policy: "Capacity building", Singular: true, From: 2018, To: 2035, DividendUSD: 1.234e12, BaselineUSD: 6e12},
		{Policy: "Business engagement", Singular: true, From: 2018, To: 2035, DividendUSD: -3.4e9, BaselineUSD: 6e12, TopRelative: []string{"Singapore", "Brunei"}},
	} {
		s, err := Sentence(h)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(s)
		got := parseMoney(t, s)
		want := math.Abs(h.DividendUSD)
		// US$512bn is printed to the unit: within 0.5bn; US$8.5bn to the tenth.
		tol := 0.5e9
		if want < 10e9 {
			tol = 0.05e9
		}
		if want >= 1e12 {
			tol = 0.05e12
		}
		if math.Abs(got-want) > tol {
			t.Errorf("%q: amount %v, want %v +- %v", s, got, want, tol)
		}
		pm := pctRE.FindStringSubmatch(s)
		if pm == nil {
			t.Fatalf("no per cent in %q", s)
		}
		p, _ := strconv.ParseFloat(pm[1], 64)
		if wp := 100 * h.DividendUSD / h.BaselineUSD; math.Abs(p-wp) > 0.05+1e-9 && !(math.Abs(wp) >= 9.95 && math.Abs(p-wp) <= 0.5) {
			t.Errorf("%q: per cent %v, want %v", s, p, wp)
		}
		if !strings.Contains(s, strconv.Itoa(h.From)+"-"+strconv.Itoa(h.To)) {
			t.Errorf("%q does not name the horizon %d-%d", s, h.From, h.To)
		}
		for i, m := range h.TopRelative {
			if i < 2 && !strings.Contains(s, m) {
				t.Errorf("%q does not name %s", s, m)
			}
		}
		if (h.DividendUSD < 0) != strings.Contains(s, " take") {
			t.Errorf("%q: the verb does not match the sign of %v", s, h.DividendUSD)
		}
	}
}

func TestSentenceExample(t *testing.T) {
	s, err := Sentence(fixture(t).Headline)
	if err != nil {
		t.Fatal(err)
	}
	// 512.3e9 / 6.02e12 = 8.51%.
	want := "Binding rules add US$512bn (+8.5%) to 2018-2035 digital GMV against no coordination; Myanmar and Cambodia gain most relative to their size."
	if s != want {
		t.Errorf("got  %q\nwant %q", s, want)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Percent(0.0851), "+8.5%"}, {Percent(-0.02), "-2.0%"}, {Percent(0.25), "+25%"}, {Percent(-0.0001), "0%"},
		{Share(0.904), "90%"}, {Share(0.034), "3.4%"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Bad input gets every problem named, and writes nothing.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*Brief)
		want []string
	}{
		{"empty", func(b *Brief) { *b = Brief{} }, []string{"Title: empty", "Policy: empty", "BaselineUSD", "KeyFigures: none", "Charts: none", "Method: model", "no scenario files"}},
		{"no baseline GMV", func(b *Brief) { b.Headline.BaselineUSD = 0 }, []string{"BaselineUSD: 0 is not > 0", "summary.csv"}},
		{"NaN dividend", func(b *Brief) { b.Headline.DividendUSD = math.NaN() }, []string{"DividendUSD: NaN"}},
		{"bad chart name", func(b *Brief) { b.Charts[0].Name = "../x" }, []string{`Charts[0]: name "../x"`}},
		{"duplicate chart", func(b *Brief) { b.Charts[1].Name = b.Charts[0].Name }, []string{"appears twice"}},
		{"not SVG", func(b *Brief) { b.Charts[0].SVG = []byte("<html></html>") }, []string{"not <svg>"}},
		{"broken SVG", func(b *Brief) { b.Charts[0].SVG = []byte("<svg><g></svg>") }, []string{"does not parse"}},
		{"script in SVG", func(b *Brief) {
			b.Charts[0].SVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
		}, []string{"<script>"}},
		{"external image", func(b *Brief) {
			b.Charts[0].SVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://example.org/a.png"/></svg>`)
		}, []string{"links to", "offline"}},
		{"sweep without runs", func(b *Brief) { b.Uncertainty.Runs = 0 }, []string{"Uncertainty: 0 runs"}},
		{"bad quantiles", func(b *Brief) { b.Uncertainty.P05 = 1e12 }, []string{"do not increase"}},
		{"bad hash", func(b *Brief) { b.Method.Scenarios[0].SHA256 = "abc" }, []string{"SHA-256"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := fixture(t)
			tc.mod(&b)
			dir := t.TempDir()
			err := Write(dir, b)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if ents, _ := os.ReadDir(dir); len(ents) > 0 {
				t.Errorf("bad input wrote %d files", len(ents))
			}
		})
	}
}

// refRE finds attributes that would make a browser fetch something.
var refRE = regexp.MustCompile(`(?i)\b(src|href|action|poster|data)\s*=\s*["']?\s*(https?:|//|ftp:)`)

// TestWrite writes the fixture brief and checks what a reader and a
// browser get: one HTML file that parses, forbids every fetch, inlines each
// chart once and holds the headline and every key figure; Markdown whose
// chart links name files that exist; each chart file as given.
func TestWrite(t *testing.T) {
	b := fixture(t)
	dir := t.TempDir()
	if err := Write(dir, b); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	h := string(html)
	if !strings.Contains(h, `<meta http-equiv="Content-Security-Policy" content="`+CSP+`">`) {
		t.Error("no Content Security Policy meta")
	}
	if !strings.Contains(h, "@page { size: A4") || strings.Contains(h, "ZgotmplZ") {
		t.Error("the inline style sheet is missing or was escaped away")
	}
	if m := refRE.FindString(h); m != "" {
		t.Errorf("HTML refers to the network: %s", m)
	}
	for _, bad := range []string{"<script", "<link", "@import", "url(", "<img", "<iframe"} {
		if strings.Contains(strings.ToLower(h), bad) {
			t.Errorf("HTML holds %q", bad)
		}
	}
	sentence, _ := Sentence(b.Headline)
	if !strings.Contains(h, strings.ReplaceAll(sentence, "+", "&#43;")) && !strings.Contains(h, sentence) {
		t.Errorf("HTML lacks the headline %q", sentence)
	}
	for _, k := range b.KeyFigures {
		if !strings.Contains(h, k.Unit.format(k.Policy, false)) {
			t.Errorf("HTML lacks key figure %s = %s", k.Label, k.Unit.format(k.Policy, false))
		}
	}
	if n, want := strings.Count(h, "<svg"), len(b.allCharts()); n != want {
		t.Errorf("HTML inlines %d SVGs, want %d", n, want)
	}
	if strings.Contains(h, "<?xml") {
		t.Error("an XML declaration is left inside the HTML")
	}
	// The page is well-formed XML too (void elements aside), which
	// catches a chart that breaks the page's structure.
	x := regexp.MustCompile(`<meta[^>]*>`).ReplaceAllString(strings.TrimPrefix(h, "<!DOCTYPE html>"), "")
	d := xml.NewDecoder(strings.NewReader(x))
	d.Strict = true
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Errorf("HTML is not well-formed: %v", err)
			}
			break
		}
	}

	md, err := os.ReadFile(filepath.Join(dir, MarkdownFile))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`).FindAllStringSubmatch(string(md), -1)
	if len(links) != len(b.allCharts()) {
		t.Errorf("Markdown links %d charts, want %d", len(links), len(b.allCharts()))
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(dir, l[1])); err != nil {
			t.Errorf("Markdown links %s: %v", l[1], err)
		}
	}
	for _, c := range b.allCharts() {
		got, err := os.ReadFile(filepath.Join(dir, c.Name+".svg"))
		if err != nil || !bytes.Equal(got, c.SVG) {
			t.Errorf("chart file %s.svg: %v, equal %v", c.Name, err, bytes.Equal(got, c.SVG))
		}
	}
	golden := filepath.Join("testdata", "brief.md")
	if *update {
		os.WriteFile(golden, md, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./output/brief -update)", err)
	}
	if !bytes.Equal(md, want) {
		t.Errorf("brief.md differs from %s; run with -update if intended", golden)
	}
	// The same brief written twice is the same bytes.
	dir2 := t.TempDir()
	if err := Write(dir2, b); err != nil {
		t.Fatal(err)
	}
	html2, _ := os.ReadFile(filepath.Join(dir2, HTMLFile))
	if !bytes.Equal(html, html2) {
		t.Error("two writes of one brief differ")
	}
}

// Oracle: shares worked by hand. MM 1.4/2.4 = 58%, KH 0.9/1.6 = 56%, LA
// 0.35/1.8 = 19%, ID 41/324 = 13%; SG loses; BN has no baseline.
func TestMostRelative(t *testing.T) {
	div := map[string]float64{"ID": 41e9, "MM": 1.4e9, "KH": 0.9e9, "LA": 0.35e9, "SG": -2.3e9, "BN": 1e9}
	base := map[string]float64{"ID": 324e9, "MM": 2.4e9, "KH": 1.6e9, "LA": 1.8e9, "SG": 116e9, "BN": 0}
	if got, want := MostRelative(div, base, 3), []string{"MM", "KH", "LA"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("gains: got %v, want %v", got, want)
	}
	loss := map[string]float64{"ID": -41e9, "MM": 0.5e9, "SG": -2.3e9}
	if got, want := MostRelative(loss, base, 5), []string{"ID", "SG"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("losses: got %v, want %v (ID -12.7%%, SG -2.0%%)", got, want)
	}
	if got := MostRelative(nil, nil, 2); len(got) != 0 {
		t.Errorf("empty: got %v", got)
	}
}

// TestPPDifference: the difference of two shares is that of the shares as
// shown, in percentage points, at their precision.
func TestPPDifference(t *testing.T) {
	for _, c := range []struct {
		p, q string
		v    float64
		want string
	}{
		{"3.1%", "2.2%", 0.0085, "+0.9 pp"},
		{"6.2%", "3.1%", 0.031, "+3.1 pp"},
		{"12%", "9.5%", 0.026, "+2.5 pp"},
		{"3.1%", "0%", 0.031, "+3.1 pp"},
		{"2.2%", "3.1%", -0.0085, "-0.9 pp"},
		{"3.0%", "3.0%", 0.0001, "0 pp"},
		{"2.2%", "3.1%", 0.0085, "+0.9 pp"}, // a run: first year, last year, change
	} {
		if got := ppDifference(c.p, c.q, c.v); got != c.want {
			t.Errorf("%s - %s: %q, want %q", c.p, c.q, got, c.want)
		}
	}
}
