package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/ftpdocs/ftpdocs/cmd/ftpdocs/internal/serve"
)

func runServe(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (HOST:PORT)")
	basePath := fs.String("base-path", "/", "serve the site under this path, as GitHub Pages serves a project site (e.g. /repo/)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	base, err := serve.CleanBasePath(*basePath)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	url := "http://" + displayAddr(ln.Addr()) + base
	srv, err := serve.New(serve.Options{FS: os.DirFS("."), Dir: ".", BaseURL: url, Log: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving %s (Ctrl-C to stop)\n", url)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C during shutdown kills at once
	}()
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// displayAddr is the listener's address as a browser can use it: a
// wildcard host ("0.0.0.0", "::") becomes the loopback address.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	ip := tcp.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(tcp.Port))
}
