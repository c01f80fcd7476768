package scenarios

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Extension is a scenario file that extends another and sets some of its
// numbers: what digisim calibrate writes. Writing it here keeps the file
// syntax in the package that reads it.
type Extension struct {
	Comment     []string // lines of the opening comment, without "# "
	Name        string
	Description string
	Extends     string // a shipped name, or a path relative to the file
	Values      []ExtensionValue
}

// ExtensionValue sets one value at one or more concrete keys (no "*": a
// scenario file names ids), under a comment.
type ExtensionValue struct {
	Comment string // without "# "; "" for none
	Keys    []string
	Value   float64
}

// WriteExtension writes x as a scenario file that Load reads back.
// Numbers are written as the shortest decimal that reads back to them.
func WriteExtension(w io.Writer, x Extension) error {
	var b strings.Builder
	comment := func(text string) {
		for _, line := range strings.Split(text, "\n") {
			if line == "" {
				b.WriteString("#\n")
				continue
			}
			b.WriteString("# " + line + "\n")
		}
	}
	for _, c := range x.Comment {
		comment(c)
	}
	fmt.Fprintf(&b, "\nname = %q\n", x.Name)
	fmt.Fprintf(&b, "description = %q\n", x.Description)
	fmt.Fprintf(&b, "extends = %q\n\n", x.Extends)
	for _, v := range x.Values {
		if v.Comment != "" {
			comment(v.Comment)
		}
		for _, key := range v.Keys {
			fmt.Fprintf(&b, "%s = %s\n", key, strconv.FormatFloat(v.Value, 'g', -1, 64))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
