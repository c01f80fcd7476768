package brief

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// CSP is the Content Security Policy of brief.html: nothing may be
// fetched (no fonts, scripts, images, frames or connections); only the
// inline styles of the page and its SVG apply.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

// css is the brief's inline style sheet: system fonts only, a readable
// column on screen, A4 with margins in print, no chart split over pages.
const css = `
:root { --ink: #222; --muted: #555; --rule: #ccc; --accent: #332288; }
* { box-sizing: border-box; }
html { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; color: var(--ink); background: #fff; }
body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0 0 .4rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
p.headline { font-size: 1.2rem; font-weight: bold; border-left: 4px solid var(--accent); padding: .2rem 0 .2rem .8rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; break-inside: avoid; page-break-inside: avoid; }
table.assumptions td:nth-child(2), table.assumptions th:nth-child(2) { text-align: left; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--rule); text-align: right; font-variant-numeric: tabular-nums; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid var(--ink); }
figure { margin: 1.2rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .2rem; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.method { background: #f4f4f4; padding: .6rem 1rem; font-size: .85rem; break-inside: avoid; page-break-inside: avoid; }
.method code { font-size: .8rem; word-break: break-all; }
.method ul { padding-left: 1.2rem; margin: .3rem 0; }
p.date { color: var(--muted); margin: 0 0 .2rem; font-size: .95rem; }
dl.definitions { font-size: .9rem; margin: .3rem 0; }
dl.definitions dt { font-weight: bold; margin-top: .4rem; }
dl.definitions dd { margin: 0 0 0 1rem; }
.caveat { border-left: 4px solid #8a6d00; padding: .2rem 0 .2rem .8rem; }
@page { size: A4; margin: 16mm 15mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
@media print {
  /* Page 1 holds the title, the headline, the key figures and the first
     chart: compact type and table rows make room for the chart. */
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h1 { font-size: 16pt; }
  p.headline { font-size: 11.5pt; margin: .6rem 0; }
  h2 { break-after: avoid; page-break-after: avoid; margin: 1rem 0 .3rem; }
  table { font-size: 8.5pt; }
  th, td { padding: .1rem .4rem; }
  figure { margin: .5rem 0; }
  figcaption { font-size: 8pt; }
  /* No chart prints below its drawn size (16 cm wide): its smallest
     text stays at 7 pt or more. */
  figure svg { max-height: 110mm; }
  a { color: inherit; text-decoration: none; }
}
`

type htmlChart struct {
	Chart
	Inline template.HTML
	// DataURL is the chart's CSV as a data: URL, so that the one HTML
	// file carries its data ("" when the chart has none).
	DataURL template.URL
}

type htmlData struct {
	*Brief
	CSS         template.CSS
	Sentence    string
	Heads       [3]string
	Rows        [][4]string
	Charts      []htmlChart
	Uncertain   string
	UFirst      *htmlChart // first chart of the uncertainty section, kept on the page of its heading
	URest       []htmlChart
	Assumptions [][3]string
	Downloads   []htmlChart // every chart with data, in reading order
}

var page = template.Must(template.New("brief").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="` + CSP + `">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Date}}<p class="date">{{.Date}}</p>
{{end}}<p class="headline">{{.Sentence}}</p>
<h2>Key figures</h2>
<table>
<thead><tr><th></th><th>{{index .Heads 0}}</th><th>{{index .Heads 1}}</th><th>{{index .Heads 2}}</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td><td>{{index . 2}}</td><td>{{index . 3}}</td></tr>
{{end}}</tbody>
</table>
{{range .Charts}}<figure role="img" aria-label="{{.Finding}}">
{{.Inline}}
{{if .Note}}<figcaption>{{.Note}}</figcaption>{{end}}
{{if .DataURL}}<figcaption><a download="{{.Name}}.csv" href="{{.DataURL}}">The data of this chart ({{.Name}}.csv)</a></figcaption>{{end}}
</figure>
{{end}}{{if .Uncertain}}<section class="keep">
<h2>How sure is this?</h2>
<p>{{.Uncertain}}</p>
{{with .UFirst}}<figure role="img" aria-label="{{.Finding}}">
{{.Inline}}
{{if .Note}}<figcaption>{{.Note}}</figcaption>{{end}}
{{if .DataURL}}<figcaption><a download="{{.Name}}.csv" href="{{.DataURL}}">The data of this chart ({{.Name}}.csv)</a></figcaption>{{end}}
</figure>
{{end}}</section>
{{range .URest}}<figure role="img" aria-label="{{.Finding}}">
{{.Inline}}
{{if .Note}}<figcaption>{{.Note}}</figcaption>{{end}}
{{if .DataURL}}<figcaption><a download="{{.Name}}.csv" href="{{.DataURL}}">The data of this chart ({{.Name}}.csv)</a></figcaption>{{end}}
</figure>
{{end}}{{end}}{{if .Assumptions}}<h2>The assumptions that matter most</h2>
<table class="assumptions">
<thead><tr><th>Assumption</th><th>Scenario key</th><th>Total-effect index (95% interval)</th></tr></thead>
<tbody>
{{range .Assumptions}}<tr><td>{{index . 0}}</td><td><code>{{index . 1}}</code></td><td>{{index . 2}}</td></tr>
{{end}}</tbody>
</table>
{{end}}{{if .Definitions}}<section class="keep">
<h2>Definitions</h2>
<dl class="definitions">
{{range .Definitions}}<dt>{{.Term}}</dt><dd>{{.Meaning}}</dd>
{{end}}</dl>
</section>
{{end}}{{if .Downloads}}<section class="keep">
<h2>Download the data</h2>
<ul>
{{range .Downloads}}<li><a download="{{.Name}}.csv" href="{{.DataURL}}">{{.Name}}.csv</a>: {{.Finding}}</li>
{{end}}</ul>
</section>
{{end}}<h2>Method and sources</h2>
<div class="method">
{{range .Method.Caveats}}<p class="caveat">{{.}}</p>
{{end}}{{if .Method.Compared}}<p>What is compared:</p>
<ul>
{{range .Method.Compared}}<li>{{.}}</li>
{{end}}</ul>
{{end}}<p>{{.Method.Model}}, digisim {{.Method.DigisimVersion}}.{{if .Method.Command}} Made with <code>{{.Method.Command}}</code>.{{end}}</p>
<p>Scenarios (SHA-256 of the resolved parameters):</p>
<ul>
{{range .Method.Scenarios}}<li>{{.Name}}{{if .File}} ({{.File}}){{end}}: <code>{{.SHA256}}</code></li>
{{end}}</ul>
{{if .Method.Experiments}}<p>Experiments (SHA-256 of the experiment):</p>
<ul>
{{range .Method.Experiments}}<li>{{.Name}}{{if .File}} ({{.File}}){{end}}: <code>{{.SHA256}}</code></li>
{{end}}</ul>
{{end}}{{if .Method.DataSources}}<p>Data:</p>
<ul>
{{range .Method.DataSources}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{if .Method.Skill}}<p>How well the model forecast (backtests):</p>
<ul>
{{range .Method.Skill}}<li>{{.}}</li>
{{end}}</ul>
{{end}}</div>
</body>
</html>
`))

func (b *Brief) rows() [][4]string {
	out := make([][4]string, len(b.KeyFigures))
	for i, k := range b.KeyFigures {
		out[i] = [4]string{k.Label, k.Unit.format(k.Policy, false), k.Unit.format(k.Baseline, false), k.Unit.format(k.Difference, true)}
		if k.Unit == Fraction {
			out[i][3] = ppDifference(out[i][1], out[i][2], k.Difference)
		}
	}
	return out
}

func (b *Brief) assumptionRows() [][3]string {
	out := make([][3]string, len(b.Assumptions))
	for i, a := range b.Assumptions {
		v := indexText(a.Effect)
		if a.High > a.Low {
			v += " (" + indexText(a.Low) + " to " + indexText(a.High) + ")"
		}
		out[i] = [3]string{a.Name, a.Key, v}
	}
	return out
}

// ppDifference writes the difference of two shares as shown ("3.1%"
// and "2.2%") in percentage points, so that it is the difference a reader
// computes from the table ("+0.9 pp", not the "+0.8 pp" of the unrounded
// 0.85); v, the unrounded difference, when a share is not shown.
func ppDifference(policy, base string, v float64) string {
	p, err1 := strconv.ParseFloat(strings.TrimSuffix(policy, "%"), 64)
	q, err2 := strconv.ParseFloat(strings.TrimSuffix(base, "%"), 64)
	if err1 != nil || err2 != nil {
		return Fraction.format(v, true)
	}
	prec := 0
	for _, s := range []string{policy, base} {
		if i := strings.IndexByte(s, '.'); i >= 0 {
			prec = max(prec, len(strings.TrimSuffix(s, "%"))-i-1)
		}
	}
	// The columns may be policy and counterfactual, or a run's first and
	// last year: the difference runs the way v does.
	diff := p - q
	if math.Abs(q-p-100*v) < math.Abs(diff-100*v) {
		diff = q - p
	}
	d := strconv.FormatFloat(diff, 'f', prec, 64)
	switch {
	case strings.Trim(d, "-0.") == "":
		return "0 pp"
	case diff > 0:
		d = "+" + d
	}
	return d + " pp"
}

// indexText writes a sensitivity index to two decimals; a slightly
// negative estimate (sampling noise around 0) reads 0.00.
func indexText(v float64) string {
	return fmt.Sprintf("%.2f", math.Max(0, v))
}

func writeHTML(w io.Writer, b *Brief) error {
	sentence, err := Sentence(b.Headline)
	if err != nil {
		return err
	}
	inline := func(cs []Chart) []htmlChart {
		out := make([]htmlChart, len(cs))
		for i, c := range cs {
			// checkSVG has parsed the chart and found no script, handler
			// or outside link, so it can sit in the page as it is.
			out[i] = htmlChart{Chart: c, Inline: template.HTML(inlineSVG(c.SVG))}
			if len(c.Data) > 0 {
				// PathEscape escapes every byte a URL cannot hold as it
				// is (newlines, quotes, '#', '%'); the URL is built here,
				// not from outside input, so it is marked safe.
				out[i].DataURL = template.URL("data:text/csv;charset=utf-8," + url.PathEscape(string(c.Data)))
			}
		}
		return out
	}
	d := htmlData{Brief: b, Heads: b.heads(), CSS: template.CSS(css), Sentence: sentence,
		Rows: b.rows(), Charts: inline(b.Charts), Assumptions: b.assumptionRows()}
	if u := b.Uncertainty; u != nil {
		d.Uncertain = u.sentence()
		if cs := inline(u.Charts); len(cs) > 0 {
			d.UFirst, d.URest = &cs[0], cs[1:]
		}
	}
	for _, c := range inline(b.allCharts()) {
		if c.DataURL != "" {
			d.Downloads = append(d.Downloads, c)
		}
	}
	return page.Execute(w, d)
}

// mdEscape escapes the characters that Markdown would read as markup in
// running text and table cells.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "`", "\\`")
	return r.Replace(s)
}

func writeMarkdown(w io.Writer, b *Brief) error {
	sentence, err := Sentence(b.Headline)
	if err != nil {
		return err
	}
	var s strings.Builder
	fmt.Fprintf(&s, "# %s\n\n", mdEscape(b.Title))
	if b.Date != "" {
		fmt.Fprintf(&s, "%s\n\n", mdEscape(b.Date))
	}
	fmt.Fprintf(&s, "**%s**\n\n## Key figures\n\n", mdEscape(sentence))
	h := b.heads()
	fmt.Fprintf(&s, "| | %s | %s | %s |\n|---|---:|---:|---:|\n", mdEscape(h[0]), mdEscape(h[1]), mdEscape(h[2]))
	for _, r := range b.rows() {
		fmt.Fprintf(&s, "| %s | %s | %s | %s |\n", mdEscape(r[0]), r[1], r[2], r[3])
	}
	chart := func(c Chart) {
		fmt.Fprintf(&s, "\n![%s](%s.svg)\n", mdEscape(c.Finding), c.Name)
		if c.Note != "" {
			fmt.Fprintf(&s, "\n*%s*\n", mdEscape(c.Note))
		}
		if len(c.Data) > 0 {
			fmt.Fprintf(&s, "\n[The data of this chart (%s.csv)](%s.csv)\n", c.Name, c.Name)
		}
	}
	for _, c := range b.Charts {
		chart(c)
	}
	if u := b.Uncertainty; u != nil {
		fmt.Fprintf(&s, "\n## How sure is this?\n\n%s\n", mdEscape(u.sentence()))
		for _, c := range u.Charts {
			chart(c)
		}
	}
	if len(b.Assumptions) > 0 {
		s.WriteString("\n## The assumptions that matter most\n\n| Assumption | Scenario key | Total-effect index (95% interval) |\n|---|---|---:|\n")
		for _, r := range b.assumptionRows() {
			fmt.Fprintf(&s, "| %s | `%s` | %s |\n", mdEscape(r[0]), r[1], r[2])
		}
	}
	if len(b.Definitions) > 0 {
		s.WriteString("\n## Definitions\n\n")
		for _, d := range b.Definitions {
			fmt.Fprintf(&s, "- **%s**: %s\n", mdEscape(d.Term), mdEscape(d.Meaning))
		}
	}
	var downloads []Chart
	for _, c := range b.allCharts() {
		if len(c.Data) > 0 {
			downloads = append(downloads, c)
		}
	}
	if len(downloads) > 0 {
		s.WriteString("\n## Download the data\n\n")
		for _, c := range downloads {
			fmt.Fprintf(&s, "- [%s.csv](%s.csv): %s\n", c.Name, c.Name, mdEscape(c.Finding))
		}
	}
	m := b.Method
	s.WriteString("\n## Method and sources\n\n")
	for _, c := range m.Caveats {
		fmt.Fprintf(&s, "> %s\n\n", mdEscape(c))
	}
	if len(m.Compared) > 0 {
		s.WriteString("What is compared:\n\n")
		for _, c := range m.Compared {
			fmt.Fprintf(&s, "- %s\n", mdEscape(c))
		}
		s.WriteString("\n")
	}
	fmt.Fprintf(&s, "%s, digisim %s.", mdEscape(m.Model), mdEscape(m.DigisimVersion))
	if m.Command != "" {
		fmt.Fprintf(&s, " Made with `%s`.", m.Command)
	}
	s.WriteString("\n\nScenarios (SHA-256 of the resolved parameters):\n\n")
	for _, sc := range m.Scenarios {
		file := ""
		if sc.File != "" {
			file = " (" + mdEscape(sc.File) + ")"
		}
		fmt.Fprintf(&s, "- %s%s: `%s`\n", mdEscape(sc.Name), file, sc.SHA256)
	}
	if len(m.Experiments) > 0 {
		s.WriteString("\nExperiments (SHA-256 of the experiment):\n\n")
		for _, e := range m.Experiments {
			file := ""
			if e.File != "" {
				file = " (" + mdEscape(e.File) + ")"
			}
			fmt.Fprintf(&s, "- %s%s: `%s`\n", mdEscape(e.Name), file, e.SHA256)
		}
	}
	if len(m.DataSources) > 0 {
		s.WriteString("\nData:\n\n")
		for _, d := range m.DataSources {
			fmt.Fprintf(&s, "- %s\n", mdEscape(d))
		}
	}
	if len(m.Skill) > 0 {
		s.WriteString("\nHow well the model forecast (backtests):\n\n")
		for _, d := range m.Skill {
			fmt.Fprintf(&s, "- %s\n", mdEscape(d))
		}
	}
	_, err = io.WriteString(w, s.String())
	return err
}

// heads are the key-figures table's column heads.
func (b *Brief) heads() [3]string {
	h := [3]string{b.Headline.Policy, b.baselineHead(), "Difference"}
	for i, c := range b.Columns {
		if c != "" {
			h[i] = c
		}
	}
	return h
}

// baselineHead heads the counterfactual's column: its name, capitalised.
func (b *Brief) baselineHead() string {
	s := b.Headline.Baseline
	if s == "" {
		return "Baseline"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
