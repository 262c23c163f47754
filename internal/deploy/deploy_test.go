// Package deploy_test checks the deployment recipes of docs/deploy: the
// systemd unit (with systemd-analyze, where it is installed) and the
// container image (built with podman, where it is installed).
package deploy_test

import (
	"archive/tar"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const root = "../.."

// build compiles reperes into dir, statically, as make image does.
func build(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "reperes")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./cmd/reperes")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestSystemdUnit: the unit sandboxes the server as the README says, and
// systemd's own checker has nothing to say about it.
func TestSystemdUnit(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "docs/deploy/reperes.service"))
	if err != nil {
		t.Fatal(err)
	}
	unit := string(raw)
	for _, want := range []string{
		"DynamicUser=yes", "ProtectSystem=strict", "ReadOnlyPaths=/var/lib/reperes",
		"NoNewPrivileges=yes", "MemoryMax=", "CapabilityBoundingSet=\n",
		"ExecStart=/usr/local/bin/reperes serve --index /var/lib/reperes/index",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %q", want)
		}
	}
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze is not installed: the unit's directives were checked, not the unit")
	}
	dir := t.TempDir()
	bin := build(t, dir)
	// verify checks that ExecStart exists: point it at the binary just built.
	path := filepath.Join(dir, "reperes.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/reperes", bin)), 0o644); err != nil {
		t.Fatal(err)
	}
	// verify exits 0 on a directive it ignores: any output is a problem.
	if out := run(t, "systemd-analyze", "verify", path); strings.TrimSpace(out) != "" {
		t.Errorf("systemd-analyze verify:\n%s", out)
	}
	out := run(t, "systemd-analyze", "security", "--offline=yes", path)
	m := regexp.MustCompile(`Overall exposure level for reperes.service: ([0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in:\n%s", out)
	}
	if level, _ := strconv.ParseFloat(m[1], 64); level > 2.0 {
		t.Errorf("exposure level %s, want at most 2.0 (systemd's « OK »)", m[1])
	}
	t.Logf("systemd-analyze security: exposure %s", m[1])
}

// TestContainerImage builds the image as make image does, with podman, and
// inspects it: a non-root user, the server as entry point, a health check
// through the binary, the version labels, a small size, and nothing in it
// but the binary and the index. The container runtime may be unable to run
// it here (a sandbox without rlimits), so the binary and index taken out of
// the image are run on loopback instead.
func TestContainerImage(t *testing.T) {
	if _, err := exec.LookPath("podman"); err != nil {
		t.Skip("podman is not installed (apt-get install podman)")
	}
	if testing.Short() {
		t.Skip("builds an image")
	}
	ctxDir := t.TempDir()
	bin := build(t, ctxDir)
	run(t, bin, "build", "--content", filepath.Join(root, "content"), "--index", filepath.Join(ctxDir, "build", "index"))
	run(t, "cp", "-rL", filepath.Join(ctxDir, "build", "index"), filepath.Join(ctxDir, "index"))
	os.RemoveAll(filepath.Join(ctxDir, "build"))
	tag := "localhost/reperes-ia-test:" + strconv.Itoa(os.Getpid())
	run(t, "podman", "build", "--format", "docker", "--build-arg", "VERSION=test", "--build-arg", "REVISION=abc123",
		"-f", filepath.Join(root, "docs/deploy/Containerfile"), "-t", tag, ctxDir)
	t.Cleanup(func() { exec.Command("podman", "rmi", "-f", tag).Run() })

	var img []struct {
		Size   int64
		Config struct {
			User       string
			Entrypoint []string
			Labels     map[string]string
		}
		Healthcheck struct{ Test []string } // podman puts it beside Config
	}
	if err := json.Unmarshal([]byte(run(t, "podman", "image", "inspect", tag)), &img); err != nil || len(img) != 1 {
		t.Fatalf("podman image inspect: %v", err)
	}
	c := img[0].Config
	if c.User != "65532:65532" {
		t.Errorf("user = %q, want a non-root 65532:65532", c.User)
	}
	if strings.Join(c.Entrypoint, " ") != "/reperes serve --index /index --addr 0.0.0.0:8080" {
		t.Errorf("entrypoint = %q", c.Entrypoint)
	}
	if len(img[0].Healthcheck.Test) < 3 || img[0].Healthcheck.Test[0] != "CMD" || img[0].Healthcheck.Test[1] != "/reperes" || img[0].Healthcheck.Test[2] != "health" {
		t.Errorf("health check = %q, want the binary's own", img[0].Healthcheck.Test)
	}
	if c.Labels["org.opencontainers.image.version"] != "test" || c.Labels["org.opencontainers.image.revision"] != "abc123" || c.Labels["org.opencontainers.image.title"] == "" {
		t.Errorf("labels = %v", c.Labels)
	}
	if img[0].Size > 60<<20 {
		t.Errorf("image size %d MB, want under 60", img[0].Size>>20)
	}
	t.Logf("image: %.1f MB, user %s", float64(img[0].Size)/(1<<20), c.User)

	// What is in it: the binary and the index, no shell.
	id := strings.TrimSpace(run(t, "podman", "create", tag))
	t.Cleanup(func() { exec.Command("podman", "rm", "-f", id).Run() })
	export := filepath.Join(t.TempDir(), "rootfs.tar")
	run(t, "podman", "export", "-o", export, id)
	rootfs := t.TempDir()
	f, err := os.Open(export)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(filepath.Clean("/"+h.Name), "/")
		top := strings.SplitN(name, "/", 2)[0]
		switch top {
		case "reperes", "index":
		case "dev", "proc", "sys", "etc", "run": // made by the runtime, empty or nearly
			if h.Typeflag == tar.TypeReg && top != "etc" && top != "run" {
				t.Errorf("unexpected file %s in the image", name)
			}
			continue
		default:
			t.Errorf("unexpected %s in the image (a shell? a package manager?)", name)
			continue
		}
		dst := filepath.Join(rootfs, name)
		switch h.Typeflag {
		case tar.TypeDir:
			os.MkdirAll(dst, 0o755)
		case tar.TypeReg:
			os.MkdirAll(filepath.Dir(dst), 0o755)
			out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, os.FileMode(h.Mode))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(out, tr)
			out.Close()
		}
	}

	// The image's binary serves the image's index.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, filepath.Join(rootfs, "reperes"), "serve", "--index", filepath.Join(rootfs, "index"), "--addr", addr, "--access-log=false")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); srv.Wait() })
	health := func() error {
		return exec.Command(filepath.Join(rootfs, "reperes"), "health", "--url", "http://"+addr+"/healthz", "--timeout", "1s").Run()
	}
	deadline := time.Now().Add(15 * time.Second)
	for health() != nil {
		if time.Now().After(deadline) {
			t.Fatal("the image's server never answered its health check")
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := http.Get("http://" + addr + "/api/search?q=rgpd")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"total"`) {
		t.Errorf("/api/search from the image's server: %d %.200s", resp.StatusCode, body)
	}
}
