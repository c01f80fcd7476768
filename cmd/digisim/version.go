package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/digisim/digisim/output/manifest"
)

func cmdVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", stderr)
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "digisim %s, built with %s for %s/%s\n", manifest.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
