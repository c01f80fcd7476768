package export

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/sim/series"
)

// ASEAN is the name of the aggregate of a scenario whose members are all
// ASEAN member states and that names no region of its own.
const ASEAN = "ASEAN"

// aseanMembers are the ISO 3166-1 alpha-2 codes of the ten ASEAN member
// states, as the shipped scenarios name them.
var aseanMembers = []string{"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"}

// names turns digisim's codes into the names an IAMC file carries: members
// by name ("Indonesia"), the aggregate by the region's name, segments by
// their scenario names ("E-commerce").
type names struct {
	region   string
	members  map[string]string
	segments map[string]string
}

// scenarioNames is what names needs of a resolved scenario (the
// parameters in manifest.json).
type scenarioNames struct {
	Members  map[string]struct{ Name string } `json:"members"`
	Segments map[string]struct{ Name string } `json:"segments"`
	Region   *struct{ Name string }           `json:"region"`
}

// loadNames reads the names of the folder's scenarios from its
// manifest.json (one scenario's parameters, or a comparison's map of
// scenario to parameters). The aggregate is called region when given, else
// by the scenario's own region name, else ASEAN when every member (those
// of the manifest, or seen, the members in the data, when there is no
// manifest) is an ASEAN member state; otherwise it is an error that asks
// for --region.
func loadNames(dir, region string, seen []string) (*names, error) {
	n := &names{members: map[string]string{}, segments: map[string]string{}}
	own := ""
	path := filepath.Join(dir, "manifest.json")
	if _, err := os.Stat(path); err == nil {
		m, err := manifest.Read(path)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		var scens []scenarioNames
		var one scenarioNames
		if len(m.Parameters) > 0 {
			if err := json.Unmarshal(m.Parameters, &one); err != nil {
				return nil, fmt.Errorf("export: %s: parameters: %w", path, err)
			}
			if len(one.Members) > 0 {
				scens = append(scens, one)
			} else {
				var many map[string]scenarioNames
				if err := json.Unmarshal(m.Parameters, &many); err != nil {
					return nil, fmt.Errorf("export: %s: parameters: %w", path, err)
				}
				keys := make([]string, 0, len(many))
				for k := range many {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					scens = append(scens, many[k])
				}
			}
		}
		seen = nil
		for _, s := range scens {
			for id, mb := range s.Members {
				n.members[id] = cmp.Or(mb.Name, id)
				seen = append(seen, id)
			}
			for id, sg := range s.Segments {
				n.segments[id] = cmp.Or(sg.Name, id)
			}
			if s.Region != nil && own == "" {
				own = s.Region.Name
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("export: %w", err)
	}
	n.region = cmp.Or(region, own)
	if n.region == "" {
		var other []string
		for _, id := range seen {
			if !slices.Contains(aseanMembers, id) && !slices.Contains(other, id) {
				other = append(other, id)
			}
		}
		if len(other) > 0 || len(seen) == 0 {
			slices.Sort(other)
			what := "no member is known"
			if len(other) > 0 {
				what = strings.Join(other, ", ") + " are not ASEAN member states"
			}
			return nil, usage.Errorf("export: %s: the scenario names no region of its own and %s: give the aggregate's name with --region NAME", dir, what)
		}
		n.region = ASEAN
	}
	return n, nil
}

// region is the IAMC region of a member ("" is the aggregate).
func (n *names) regionOf(member string) string {
	if member == "" {
		return n.region
	}
	return cmp.Or(n.members[member], member)
}

// variable is the IAMC variable of a digisim variable with its segment and
// pillar: the vocabulary's label, then the segment's name and the pillar's,
// "|"-separated ("Digital GMV|E-commerce", "Capacity|Payments").
func (n *names) variable(variable, segment, pillar string) string {
	o, _ := series.Describe(variable)
	v := strings.ToUpper(o.Label[:1]) + o.Label[1:] // "capacity" has no label of its own
	if segment != "" {
		v += "|" + cmp.Or(n.segments[segment], segment)
	}
	if pillar != "" {
		v += "|" + pillarName(pillar)
	}
	return v
}

// pillarName reads a pillar id as words: "ict_infrastructure" is "ICT
// infrastructure", "legal_regulatory" is "Legal regulatory".
func pillarName(id string) string {
	words := strings.Split(id, "_")
	for i, w := range words {
		switch {
		case w == "ict":
			words[i] = "ICT"
		case i == 0 && w != "":
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
