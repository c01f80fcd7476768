// This file finds the observed history a chart draws beside a projection.

package plot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/workflow/runtables"
)

// History is the observed regional GMV that charts of the output folder
// dir, whose manifest is m, draw beside a projection that starts in
// baseYear, and what it covers, for a subtitle. The shipped scenarios get
// e-Conomy SEA's SEA-6 figures (ObservedGMV; sea6 is true). A user's own
// region gets the history its [region] table names (a CSV of
// scenarios/observed's format) when that covers exactly the region's
// members in every year it draws and reaches the base year, where it
// joins the projection; otherwise, or when the region names none, the
// series is empty. The history is read from the folder's own copy
// (manifest.Inputs), else, for a folder written before copies were kept,
// from where the run read it. A history found in neither place is left
// out with a warning to warn (os.Stderr when nil) that names it and the
// fix; a copy that changed since the run, or a file that cannot be read,
// is an error naming it.
func History(dir string, m *manifest.Manifest, baseYear float64, warn io.Writer) (h chart.Series, what string, sea6 bool, err error) {
	info, ok := runtables.ReadRegionInfo(m)
	switch {
	case !ok || info.Observed != "" && info.Shipped && !strings.HasSuffix(info.Observed, ".csv"):
		return ObservedGMV(baseYear), "the six members e-Conomy SEA covers", true, nil
	case info.Observed == "":
		return chart.Series{}, "", false, nil
	}
	d, err := readHistory(dir, m, info.Observed, warn)
	if d == nil || err != nil {
		return chart.Series{}, "", false, err
	}
	members, segments := regionShape(m)
	h = RegionGMV(d, members, segments, baseYear)
	if len(h.X) < 2 || h.X[len(h.X)-1] != baseYear {
		return chart.Series{}, "", false, nil
	}
	return h, filepath.Base(info.Observed), false, nil
}

// readHistory reads the observed history source that the folder dir's
// manifest m names: nil, after a warning, when it is nowhere.
func readHistory(dir string, m *manifest.Manifest, source string, warn io.Writer) (*observed.Data, error) {
	in, kept := m.Input(source)
	if kept {
		b, err := manifest.ReadInput(dir, in)
		if err == nil {
			return observed.Read(bytes.NewReader(b), filepath.Join(dir, in.File))
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	d, err := observed.Load(source)
	if !errors.Is(err, fs.ErrNotExist) {
		return d, err
	}
	if warn == nil {
		warn = os.Stderr
	}
	abs, _ := filepath.Abs(source)
	if kept {
		fmt.Fprintf(warn, "warning: %s, the folder's copy of the observed history %s, is missing, and so is %s: the charts leave the history out; restore %s, or run again\n",
			filepath.Join(dir, in.File), source, abs, filepath.Join(dir, in.File))
	} else {
		fmt.Fprintf(warn, "warning: the observed history %s that %s names is not there (looked for %s): the charts leave the history out; run from the folder the run was made in, or run again, which keeps a copy in the output folder\n",
			source, filepath.Join(dir, "manifest.json"), abs)
	}
	return nil, nil
}

// RegionGMV is the digital GMV of a region of members and segments, US$ a
// year, in the years up to until that d covers for exactly these members:
// a group's total whose members are the region's, else each member's own
// total or the sum of its segments (all of them).
func RegionGMV(d *observed.Data, members, segments []string, until float64) chart.Series {
	type key struct {
		region, segment string
		year            int
	}
	val := map[key]float64{}
	years := map[int]bool{}
	group := map[int]float64{}
	for _, o := range d.Obs {
		if o.Variable != "gmv" || float64(o.Year) > until+1e-6 {
			continue
		}
		years[o.Year] = true
		if o.Segment == "total" && len(o.Members) > 1 && sameMembers(o.Members, members) {
			group[o.Year] = o.Value
		}
		if len(o.Members) == 1 {
			val[key{o.Region, o.Segment, o.Year}] = o.Value
		}
	}
	s := chart.Series{Name: "observed", Label: "Observed"}
	for _, y := range slices.Sorted(maps.Keys(years)) {
		total, ok := group[y]
		if !ok {
			ok = true
			for _, id := range members {
				v, has := val[key{id, "total", y}]
				if !has {
					for _, seg := range segments {
						x, hasSeg := val[key{id, seg, y}]
						has = hasSeg
						if !has {
							break
						}
						v += x
					}
				}
				if !has {
					ok = false
					break
				}
				total += v
			}
		}
		if ok {
			s.X, s.Y = append(s.X, float64(y)), append(s.Y, total)
		}
	}
	return s
}

func sameMembers(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// regionShape returns the member and segment ids of the manifest's
// resolved parameters (one scenario's, or the first of a comparison's).
func regionShape(m *manifest.Manifest) (members, segments []string) {
	type params struct {
		Members  map[string]json.RawMessage `json:"members"`
		Segments map[string]json.RawMessage `json:"segments"`
	}
	var one params
	if json.Unmarshal(m.Parameters, &one) != nil || len(one.Members) == 0 {
		var many map[string]params
		if json.Unmarshal(m.Parameters, &many) == nil && len(many) > 0 {
			one = many[slices.Sorted(maps.Keys(many))[0]]
		}
	}
	return slices.Sorted(maps.Keys(one.Members)), slices.Sorted(maps.Keys(one.Segments))
}

// WarnOnce returns a writer that passes each distinct warning to w (nil:
// os.Stderr) once: the charts of one folder that draw the same history
// warn of it once, not once per chart.
func WarnOnce(w io.Writer) io.Writer {
	if w == nil {
		w = os.Stderr
	}
	return &warnOnce{w: w, seen: map[string]bool{}}
}

type warnOnce struct {
	w    io.Writer
	seen map[string]bool
}

func (o *warnOnce) Write(p []byte) (int, error) {
	if o.seen[string(p)] {
		return len(p), nil
	}
	o.seen[string(p)] = true
	return o.w.Write(p)
}
