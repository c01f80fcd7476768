package main

import (
	"context"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digisim/digisim/workflow/studio"
)

type studioOptions struct {
	studio.Options
	port   int
	listen string
}

func init() {
	register("studio", "serve the interactive studio on 127.0.0.1: move policy levers, see the charts redrawn", cmdStudio)
}

func cmdStudio(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o studioOptions
	fs := newFlags("studio", "[NAME|FILE] [--port N] [--dir FOLDER] [--against NAME] [--listen HOST:PORT]", stderr)
	fs.IntVar(&o.port, "port", 8080, "port on 127.0.0.1 (0 picks a free one)")
	fs.StringVar(&o.listen, "listen", "", "listen on HOST:PORT instead of 127.0.0.1 (e.g. 0.0.0.0:8080 serves every network: anyone who reaches it can run the model)")
	fs.StringVar(&o.Folder, "dir", "", "folder of your scenario files (*.toml) offered in the picker; nothing outside it is read")
	fs.StringVar(&o.Against, "against", "", "the counterfactual of the dividend (default: the shipped no-coordination scenario on the scenario's time axis)")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	o.Scenario = defaultScenario
	if len(pos) == 1 {
		o.Scenario = pos[0]
		// A file opens the studio on its folder (unless --dir names one).
		if strings.HasSuffix(o.Scenario, ".toml") || strings.ContainsRune(o.Scenario, filepath.Separator) {
			if o.Folder == "" {
				o.Folder = filepath.Dir(o.Scenario)
			}
			o.Scenario = filepath.Base(o.Scenario)
		}
	}
	if o.port < 0 || o.port > 65535 {
		return usagef("--port %d: want 0 to 65535", o.port)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port))
	if o.listen != "" {
		if _, _, err := net.SplitHostPort(o.listen); err != nil {
			return usagef("--listen %q: want HOST:PORT, e.g. 127.0.0.1:8080", o.listen)
		}
		addr = o.listen
		o.AnyHost = true
	}
	return studio.Serve(ctx, addr, o.Options, stdout)
}
