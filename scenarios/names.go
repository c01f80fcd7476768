package scenarios

import (
	"strings"

	"github.com/digisim/digisim/internal/textsafe"
)

// NameProblem says why name cannot be the name of a scenario or an
// experiment, which becomes a file-name component of its output folder
// (out/NAME): "" when it can. A name is not empty, holds no path
// separator or control character, and is not "." or "..".
func NameProblem(name string) string {
	switch {
	case name == "":
		return "empty: give a name, which becomes the output folder out/NAME"
	case name == "." || name == ".." || strings.Contains(name, ".."):
		return "not a file-name component (it holds ..): use letters, digits, - and _"
	case strings.ContainsAny(name, `/\`):
		return "not a file-name component (it holds a path separator): use letters, digits, - and _"
	case textsafe.Problem(name) != "":
		return "not a file-name component (it " + textsafe.Problem(name) + "): use letters, digits, - and _"
	case len(name) > 128:
		return "too long for a file-name component (at most 128 bytes)"
	}
	return ""
}
