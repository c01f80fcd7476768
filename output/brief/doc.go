// Package brief writes a self-contained briefing from plain inputs: a
// headline finding sentence built from the numbers, a key-figures table,
// charts with finding titles (SVG bytes), optional uncertainty ranges and
// the assumptions that matter most, and a method-and-sources box. It
// writes brief.html (one file: inline SVG, inline CSS, a Content Security
// Policy that forbids every network request, laid out to print on A4) and
// brief.md (the same content for pandoc or a wiki, charts as SVG files
// beside it). It imports no other digisim package: callers turn tables
// and manifests into a Brief.
package brief
