package cli

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/serve"
)

const serveSynopsis = `Builds the site in memory and serves it for preview. The site is rebuilt
when a file under --events changes (and, run from a checkout of timeline,
under templates/), and open pages reload by themselves. While the events do
not validate, every page lists the problems over the last good build.
Writes nothing to disk; stop it with Ctrl-C.`

func runServe(ctx context.Context, args []string, env Env) int {
	fs := flagSet("serve", serveSynopsis, env)
	events := fs.String("events", "events", "the events `directory`")
	port := fs.Int("port", 1313, "the TCP `port` to listen on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; the default lets only this machine in")
	baseURL := fs.String("base-url", "", "the `URL` the site is built for (default http://BIND:PORT/)")
	if code, done := parse(fs, args, env); done {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(env.Stderr, "timeline serve: --port %d: want a port from 0 to 65535\n", *port)
		return ExitUsage
	}
	if !isLoopback(*bind) {
		fmt.Fprintf(env.Stderr, "timeline serve: warning: listening on %s, which other machines may reach; the preview server is meant for this machine\n", *bind)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline serve: %v\n", err)
		return ExitInvalid
	}
	defer ln.Close()
	_, actualPort, _ := net.SplitHostPort(ln.Addr().String())
	local := (&url.URL{Scheme: "http", Host: net.JoinHostPort(*bind, actualPort), Path: "/"}).String()
	base := *baseURL
	if base == "" {
		base = local
	} else if u, err := url.Parse(base); err == nil && u.Path != "" {
		local = strings.TrimSuffix(local, "/") + u.EscapedPath() // the site is served under the base path
	}
	cfg := serve.Config{Events: *events, BaseURL: base, Log: env.Stderr}
	// In a checkout of timeline the templates are on disk: build from them
	// so that edits to them show too.
	if _, err := os.Stat(filepath.Join("templates", "embed.go")); err == nil {
		cfg.Templates = "templates"
	}
	srv, err := serve.New(cfg)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline serve: %v\n", err)
		return ExitInvalid
	}
	watching := *events
	if cfg.Templates != "" {
		watching += " and " + cfg.Templates
	}
	fmt.Fprintf(env.Stdout, "Serving %s at %s (watching %s; Ctrl-C to stop)\n", *events, local, watching)
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(env.Stderr, "timeline serve: %v\n", err)
		return ExitInvalid
	}
	return ExitOK
}

// isLoopback reports whether the bind address only lets this machine in.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
