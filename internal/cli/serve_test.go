package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nktimeline/timeline/internal/eventtest"
)

// syncBuffer is a buffer the command writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingAt = regexp.MustCompile(`at (http://\S+/) `)

// timeline serve serves until interrupted, warns when other machines can
// reach it, and writes no out/.
func TestServeCommand(t *testing.T) {
	dir := eventtest.WriteDir(t)
	schema, err := os.ReadFile("../../events/event.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "event.schema.json"), schema, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		bind, baseURL string
		warn          bool
	}{
		{"127.0.0.1", "", false},
		{"localhost", "", false},
		{"0.0.0.0", "", true},
		// Built for where it will be published: served under that path.
		{"127.0.0.1", "https://example.org/nk/", false},
	} {
		t.Run(tt.bind+tt.baseURL, func(t *testing.T) {
			args := []string{"serve", "--port", "0", "--bind", tt.bind, "--events", dir}
			if tt.baseURL != "" {
				args = append(args, "--base-url", tt.baseURL)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr syncBuffer
			done := make(chan int, 1)
			go func() {
				done <- Main(ctx, args, Env{Stdout: &stdout, Stderr: &stderr})
			}()
			var url string
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				if m := servingAt.FindStringSubmatch(stdout.String()); m != nil {
					url = m[1]
					break
				}
				select {
				case code := <-done:
					t.Fatalf("serve exited with %d: %s", code, stderr.String())
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("serve did not start: %q %q", stdout.String(), stderr.String())
				}
			}
			if tt.baseURL != "" && !strings.HasSuffix(url, "/nk/") {
				t.Errorf("serving at %s, want the base URL's path /nk/", url)
			}
			client := &http.Client{Transport: &http.Transport{}}
			defer client.CloseIdleConnections()
			resp, err := client.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "/_timeline/reload.js") {
				t.Errorf("GET %s: %s, reload script %v", url, resp.Status, strings.Contains(string(body), "/_timeline/reload.js"))
			}
			cancel()
			select {
			case code := <-done:
				if code != ExitOK {
					t.Errorf("exit code %d after the interrupt, want 0; stderr: %s", code, stderr.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatal("serve did not stop after the interrupt")
			}
			if got := strings.Contains(stderr.String(), "warning: listening on"); got != tt.warn {
				t.Errorf("--bind %s: warning %v, want %v; stderr: %s", tt.bind, got, tt.warn, stderr.String())
			}
			if _, err := os.Stat("out"); err == nil {
				t.Error("serve wrote out/")
			}
		})
	}
}

func TestServeUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"serve", "--port", "70000"}, ExitUsage, "want a port from 0 to 65535"},
		{[]string{"serve", "extra"}, ExitUsage, `unexpected argument "extra"`},
		{[]string{"serve", "--port", "0", "--events", "no-such-dir"}, ExitInvalid, "no-such-dir"},
		{[]string{"serve", "--port", "0", "--events", "../../events", "--base-url", "ftp://x/"}, ExitInvalid, "want an absolute http(s) URL"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%q: code %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
	}
	code, stdout, _ := run(t, "serve", "--help")
	if code != ExitOK || !strings.Contains(stdout, "--bind") || !strings.Contains(stdout, "--base-url") {
		t.Errorf("serve --help: code %d\n%s", code, stdout)
	}
}
