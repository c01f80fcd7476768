// Package progress reports the advance of a long job on a terminal (a bar
// redrawn in place) or in a batch log (a plain line every few seconds).
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Bar reports a sweep's advance: a bar redrawn in place when stderr is
// a terminal, a plain line every few seconds otherwise (batch logs).
type Bar struct {
	w          io.Writer
	tty        bool
	total      int
	done       int
	start      time.Time
	startDone  int
	lastReport time.Time
}

// New returns a Bar for total steps of which done are done already.
func New(w io.Writer, total, done int) *Bar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	now := time.Now()
	return &Bar{w: w, tty: tty, total: total, done: done, start: now, startDone: done, lastReport: now}
}

// Add counts n more steps done.
func (p *Bar) Add(n int) {
	p.done += n
	every := 5 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	if time.Since(p.lastReport) >= every {
		p.lastReport = time.Now()
		p.report(false)
	}
}

func (p *Bar) report(final bool) {
	elapsed := time.Since(p.start).Seconds()
	rate := float64(p.done-p.startDone) / max(elapsed, 1e-9)
	left := "?"
	if rate > 0 {
		left = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("%d/%d runs  %.0f runs/s  %s left", p.done, p.total, rate, left)
	if final {
		line = fmt.Sprintf("%d/%d runs in %s (%.0f runs/s)", p.done, p.total, time.Since(p.start).Round(time.Millisecond), rate)
	}
	if p.tty {
		const width = 30
		fill := min(max(width*p.done/max(p.total, 1), 0), width) // 0 runs (an empty shard) or more done than total
		fmt.Fprintf(p.w, "\r[%s%s] %s\x1b[K", strings.Repeat("#", fill), strings.Repeat(".", width-fill), line)
		if final {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintln(p.w, line)
}

// Finish reports the final count and rate.
func (p *Bar) Finish() { p.report(true) }
