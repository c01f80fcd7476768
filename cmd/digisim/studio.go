package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/workflow/studio"
)

type studioOptions struct {
	studio.Options
	port   int
	listen string
	export string
}

func init() {
	register("studio", "serve the interactive studio on 127.0.0.1: move policy levers, see the charts redrawn", cmdStudio)
}

func cmdStudio(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o studioOptions
	fs := newFlags("studio", "[NAME|FILE] [--port N] [--dir FOLDER] [--against NAME|FILE] [--listen HOST:PORT] | --export FILE.html [NAME]", stderr)
	fs.IntVar(&o.port, "port", 8080, "port on 127.0.0.1 (0 picks a free one)")
	fs.StringVar(&o.listen, "listen", "", "listen on HOST:PORT instead of 127.0.0.1 (e.g. 0.0.0.0:8080 serves every network: anyone who reaches it can run the model)")
	fs.StringVar(&o.Folder, "dir", "", "folder of your scenario files (*.toml) offered in the picker; nothing outside it is read")
	fs.StringVar(&o.Against, "against", "", "the counterfactual of the dividend: a shipped scenario, or a scenario file in the studio's folder (default: a no-coordination scenario, shipped or of the folder, on the scenario's time axis)")
	fs.StringVar(&o.export, "export", "", "write the studio as one HTML file that opens from disk with no server (the engine compiled to WebAssembly inside it; needs the Go toolchain and this source tree) and exit")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	o.Scenario = defaultScenario
	if o.export != "" {
		if len(pos) == 1 {
			o.Scenario = pos[0]
		}
		return exportStudio(ctx, o.export, o.Scenario, stdout)
	}
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
	if err := againstFile(&o.Options); err != nil {
		return err
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

// againstFile reads a file given to --against as the studio reads files:
// by its name in the studio's folder. The path is taken from the working
// directory and must lie in the folder (the scenario's, or --dir's; with a
// shipped scenario and no --dir, the counterfactual's folder becomes the
// studio's); a bare name that is a file of the folder is one already.
func againstFile(o *studio.Options) error {
	ref := o.Against
	if !strings.HasSuffix(ref, ".toml") && !strings.ContainsAny(ref, `/\`) {
		return nil // a shipped scenario's name, or none
	}
	if !strings.ContainsAny(ref, `/\`) && o.Folder != "" {
		if st, err := os.Stat(filepath.Join(o.Folder, ref)); err == nil && st.Mode().IsRegular() {
			return nil
		}
	}
	abs, err := filepath.Abs(ref)
	if err != nil {
		return usagef("--against %s: %w", ref, err)
	}
	if st, err := os.Stat(abs); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return usagef("--against %s: %w", ref, err)
	} else if err != nil || !st.Mode().IsRegular() {
		return usagef("--against %s: no such scenario file (looked for %s): give the counterfactual's path from the working directory, or a shipped scenario's name (digisim scenarios lists them)", ref, abs)
	}
	if o.Folder == "" {
		o.Folder = filepath.Dir(ref)
	}
	folder, err := filepath.Abs(o.Folder)
	if err != nil {
		return usagef("--dir %s: %w", o.Folder, err)
	}
	if filepath.Dir(abs) != folder {
		return usagef("--against %s: the studio reads the scenario files of one folder (%s); put the counterfactual there, or give --dir a folder that holds both", ref, o.Folder)
	}
	o.Against = filepath.Base(abs)
	return nil
}

// exportStudio builds the studio's engine for WebAssembly with the Go
// toolchain (GOOS=js GOARCH=wasm, from this source tree) and writes the
// single-file studio (studio.Export) to path.
func exportStudio(ctx context.Context, path, scenario string, stdout io.Writer) error {
	if !strings.HasSuffix(path, ".html") {
		return usagef("--export %s: want a file name ending in .html", path)
	}
	if err := studio.Exportable(scenario); err != nil {
		return usagef("%w", err)
	}
	tmp, err := os.MkdirTemp("", "digisim-studio-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	wasmPath := filepath.Join(tmp, "studio.wasm")
	var out bytes.Buffer
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasmPath, "github.com/digisim/digisim/workflow/studio/wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build.Stdout, build.Stderr = &out, &out
	if err := build.Run(); err != nil {
		return fmt.Errorf("studio --export: building the engine for WebAssembly (go build, GOOS=js GOARCH=wasm) failed: %w\n%s(run it inside the digisim source tree, with the Go toolchain on PATH)", err, out.String())
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("studio --export: go env GOROOT: %w", err)
	}
	var wasmExec []byte
	for _, dir := range []string{"lib/wasm", "misc/wasm"} {
		if wasmExec, err = os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), dir, "wasm_exec.js")); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("studio --export: wasm_exec.js not found in the Go distribution %s (lib/wasm or misc/wasm)", strings.TrimSpace(string(goroot)))
	case err != nil:
		return fmt.Errorf("studio --export: wasm_exec.js of the Go distribution: %w", err)
	}
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return studio.Export(w, wasm, wasmExec, scenario) }); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "digisim studio: wrote %s (%.1f MB; the engine %.1f MB before compression), opening on %s; open it in a browser, no server needed\n", path, float64(st.Size())/1e6, float64(len(wasm))/1e6, scenario)
	return nil
}
