// Command server is greenlight's sample app: a small stdlib HTTP server packed FROM scratch.
//
//	GET /        200 "greenlight sample app <version>\n" (500 when APP_BROKEN_HOME=1: a bug that health checks miss)
//	GET /healthz 200 "ok" (500 "unhealthy" when APP_UNHEALTHY=1)
//	GET /version 200 "<version>\n"
//
// Environment: PORT (default 8080), APP_VERSION, APP_UNHEALTHY=1, APP_BROKEN_HOME=1, APP_EXIT_AFTER_MS=<n> (exit code 3
// after n ms: a color that dies after promotion). `server healthcheck` probes /healthz on PORT and
// exits 0 or 1, for a HEALTHCHECK in images that have no shell.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		os.Exit(healthcheck(port))
	}
	version := os.Getenv("APP_VERSION")
	if version == "" {
		version = "dev"
	}
	unhealthy := os.Getenv("APP_UNHEALTHY") == "1"
	brokenHome := os.Getenv("APP_BROKEN_HOME") == "1"

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		if brokenHome {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "greenlight sample app %s\n", version)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		if unhealthy {
			http.Error(w, "unhealthy", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("GET /version", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, "%s\n", version)
	})

	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	if ms := os.Getenv("APP_EXIT_AFTER_MS"); ms != "" {
		n, err := strconv.Atoi(ms)
		if err != nil || n < 0 {
			log.Fatalf("APP_EXIT_AFTER_MS=%q: want a non-negative integer", ms)
		}
		time.AfterFunc(time.Duration(n)*time.Millisecond, func() {
			log.Printf("APP_EXIT_AFTER_MS=%d reached, exiting with code 3", n)
			os.Exit(3)
		})
	}

	// PID 1 in a scratch container gets no default SIGTERM handling: shut down explicitly so
	// `docker stop` takes milliseconds, not the 10 s kill timeout.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()

	log.Printf("greenlight sample app %s listening on :%s", version, port)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

func healthcheck(port string) int {
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthz:", resp.Status)
		return 1
	}
	return 0
}
