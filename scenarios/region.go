package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Region is what a scenario's [region] table says about the region it
// describes: what charts, briefs and exports call it, what their source
// lines credit, which observed history belongs to it, and colours for its
// members. None of it is a parameter of the model: it is not part of the
// resolved JSON or its hash.
type Region struct {
	// Name is the region's display name ("Mercosur"); "" when the
	// scenario gives none (Title then names the members).
	Name string `json:"name,omitempty"`
	// Source is the line that credits the base-year data, as it should
	// appear after "Data: " on a chart or in a brief.
	Source string `json:"source,omitempty"`
	// Observed names the observed history that belongs to this region: a
	// shipped data set of package observed or a CSV path relative to the
	// scenario file that names it. "" for none: no overlay of history.
	Observed string `json:"observed,omitempty"`
	// Colours are "#rrggbb" colours for some members, by member id.
	Colours map[string]string `json:"colours,omitempty"`
}

// Title is the region's name, or, without one, its members' names joined
// ("Argentina, Brazil, Paraguay and Uruguay"), for titles and labels.
func (sc *Scenario) Title() string {
	if sc.Region.Name != "" {
		return sc.Region.Name
	}
	var names []string
	for _, m := range sc.Params.Members {
		names = append(names, m.Name)
	}
	return JoinAnd(names)
}

// JoinAnd joins words as a sentence lists them: "a", "a and b", "a, b and c".
func JoinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// region reads the decoded [region] table (types are checked by decoding)
// and reports colours that are not "#rrggbb" or that two members share.
func (b *builder) region() Region {
	var reg Region
	m, _ := b.r.root["region"].(map[string]any)
	reg.Name, _ = m["name"].(string)
	reg.Source, _ = m["source"].(string)
	reg.Observed, _ = m["observed"].(string)
	if strings.HasSuffix(reg.Observed, ".csv") {
		written := reg.Observed
		// A data file is named relative to the scenario file that names it.
		if f := b.r.where([]string{"region", "observed"}).file; f != "" && !strings.HasPrefix(f, shippedDir+"/") && !filepath.IsAbs(reg.Observed) {
			reg.Observed = filepath.Join(filepath.Dir(f), filepath.FromSlash(reg.Observed))
		}
		// Charts would leave out a history they cannot find: say so now.
		if st, err := os.Stat(reg.Observed); err != nil && !errors.Is(err, os.ErrNotExist) {
			b.fail([]string{"region", "observed"}, written, "cannot be read: "+err.Error())
		} else if err != nil || !st.Mode().IsRegular() {
			abs, _ := filepath.Abs(reg.Observed)
			b.fail([]string{"region", "observed"}, written, fmt.Sprintf(`is not a file (looked for %s): give the observed history's path from the scenario file's folder, or "" for none`, abs))
		}
	}
	cols, _ := m["colours"].(map[string]any)
	owner := map[string]string{}
	for _, id := range sortedKeys(cols) {
		c, ok := cols[id].(string)
		if !ok {
			continue
		}
		path := []string{"region", "colours", id}
		if !hexColour.MatchString(c) {
			b.fail(path, c, `is not a colour: write it as "#rrggbb", e.g. "#0072b2"`)
			continue
		}
		key := strings.ToLower(c)
		if prev, dup := owner[key]; dup {
			b.fail(path, c, fmt.Sprintf("is also the colour of %s: give every member its own colour", prev))
			continue
		}
		owner[key] = id
		if reg.Colours == nil {
			reg.Colours = map[string]string{}
		}
		reg.Colours[id] = key
	}
	return reg
}
