// Package shipped lists and reads the TOML files a package embeds (the
// shipped experiments, the shipped calibration recipes), so that each
// reads a name or a path the same way.
package shipped

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/scenarios/internal/tomlbound"
)

// Info names and describes a shipped file.
type Info struct{ Name, Description string }

// List returns the .toml files of dir in fsys with their description
// keys, sorted by name.
func List(fsys fs.FS, dir string) []Info {
	entries, _ := fs.ReadDir(fsys, dir)
	var out []Info
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".toml")
		if !ok {
			continue
		}
		var head struct {
			Description string `toml:"description"`
		}
		data, _ := fs.ReadFile(fsys, dir+"/"+e.Name())
		toml.Decode(string(data), &head)
		out = append(out, Info{name, head.Description})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Read returns the bytes of a file by path (a name ending in .toml or
// holding a separator) or of a shipped file by name, and how to name it in
// messages ("shipped/<name>.toml" or the path). kind names the files in
// the error, e.g. "experiment".
func Read(fsys fs.FS, dir, nameOrPath, kind string) ([]byte, string, error) {
	if strings.HasSuffix(nameOrPath, ".toml") || strings.ContainsRune(nameOrPath, filepath.Separator) {
		b, err := tomlbound.ReadFile(nameOrPath)
		if err != nil {
			return nil, "", fmt.Errorf("%s %s: %w", kind, nameOrPath, err)
		}
		return b, nameOrPath, nil
	}
	b, err := fs.ReadFile(fsys, dir+"/"+nameOrPath+".toml")
	if err != nil {
		var names []string
		for _, in := range List(fsys, dir) {
			names = append(names, in.Name)
		}
		return nil, "", fmt.Errorf("no shipped %s %q%s (shipped: %s; or give a path to a .toml file)",
			kind, nameOrPath, suggest.DidYouMean(nameOrPath, names), strings.Join(names, ", "))
	}
	return b, "shipped/" + nameOrPath + ".toml", nil
}
