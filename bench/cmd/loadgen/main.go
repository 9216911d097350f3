// Command loadgen is a small closed-loop HTTP load generator for comparing
// bgen-generated servers against hand-written baselines. It is a benchmark
// tool, not a test: nothing here asserts on timing.
//
// Each of -c workers sends one request at a time (closed loop) until either
// -n requests have been issued in total or -d has elapsed, whichever comes
// first. It then prints requests/s, p50, p99 and the error count.
//
// Scenarios:
//
//	get     GET  {base}/api/posts/{id}, cycling over -ids
//	list    GET  {base}/api/posts?limit=20
//	create  POST {base}/api/tags with {"name": "<prefix>-<n>"} (unique names),
//	        Authorization: Bearer -token
//	url     GET  each line of -urls (a file), cycling
//
// Example:
//
//	loadgen -base http://127.0.0.1:8000 -scenario get -ids-file ids.txt -c 32 -d 10s
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type result struct {
	lat    []time.Duration
	errors int
	codes  map[int]int
}

type config struct {
	base     string
	scenario string
	conc     int
	dur      time.Duration
	total    int64
	warmup   time.Duration
	ids      []string
	urls     []string
	token    string
	prefix   string
	body     string
	label    string
	jsonOut  bool
	timeout  time.Duration
}

func main() {
	var cfg config
	var idsFlag, idsFile, urlsFile string
	flag.StringVar(&cfg.base, "base", "http://127.0.0.1:8000", "server base URL")
	flag.StringVar(&cfg.scenario, "scenario", "get", "get | list | create | url")
	flag.IntVar(&cfg.conc, "c", 16, "concurrent workers (each keeps one request in flight)")
	flag.DurationVar(&cfg.dur, "d", 10*time.Second, "measurement duration (upper bound)")
	flag.Int64Var(&cfg.total, "n", 0, "total requests to send (0 = unbounded, stop at -d)")
	flag.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "warm-up duration before measuring (not counted)")
	flag.StringVar(&idsFlag, "ids", "", "post ids for 'get': comma list or range lo-hi (integers)")
	flag.StringVar(&idsFile, "ids-file", "", "file with one post id per line for 'get'")
	flag.StringVar(&urlsFile, "urls", "", "file with one URL (absolute or path) per line for 'url'")
	flag.StringVar(&cfg.token, "token", "", "bearer token (required for 'create')")
	flag.StringVar(&cfg.prefix, "prefix", "", "tag name prefix for 'create' (default: random)")
	flag.StringVar(&cfg.body, "body", `{"name":"{{name}}"}`, "POST body template for 'create'; {{name}} is replaced by a unique name")
	flag.StringVar(&cfg.label, "label", "", "label printed with the result")
	flag.BoolVar(&cfg.jsonOut, "json", false, "print the result as one JSON object")
	flag.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "per-request timeout")
	flag.Parse()

	cfg.base = strings.TrimRight(cfg.base, "/")
	if cfg.conc < 1 {
		fatalf("-c must be >= 1")
	}
	var err error
	switch cfg.scenario {
	case "get":
		cfg.ids, err = loadIDs(idsFlag, idsFile)
		if err != nil {
			fatalf("%v", err)
		}
		if len(cfg.ids) == 0 {
			fatalf("scenario get needs -ids or -ids-file")
		}
	case "list":
	case "create":
		if cfg.token == "" {
			fatalf("scenario create needs -token")
		}
		if cfg.prefix == "" {
			cfg.prefix = "lg" + strconv.FormatInt(time.Now().UnixNano()%1e12, 36) + strconv.Itoa(rand.Intn(1000))
		}
	case "url":
		cfg.urls, err = readLines(urlsFile)
		if err != nil {
			fatalf("%v", err)
		}
		if len(cfg.urls) == 0 {
			fatalf("scenario url needs -urls FILE with at least one line")
		}
	default:
		fatalf("unknown -scenario %q", cfg.scenario)
	}

	client := &http.Client{
		Timeout: cfg.timeout,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        cfg.conc * 2,
			MaxIdleConnsPerHost: cfg.conc * 2,
			MaxConnsPerHost:     cfg.conc,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}

	var seq atomic.Int64 // shared request counter: ids / unique names
	if cfg.warmup > 0 {
		run(client, &cfg, &seq, cfg.warmup, 0)
	}
	start := time.Now()
	res := run(client, &cfg, &seq, cfg.dur, cfg.total)
	elapsed := time.Since(start)
	report(&cfg, res, elapsed)
}

// run drives cfg.conc closed-loop workers until dur elapses or limit
// requests (if > 0) have been issued.
func run(client *http.Client, cfg *config, seq *atomic.Int64, dur time.Duration, limit int64) result {
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var issued atomic.Int64
	results := make([]result, cfg.conc)
	var wg sync.WaitGroup
	for w := 0; w < cfg.conc; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := result{codes: map[int]int{}, lat: make([]time.Duration, 0, 4096)}
			for ctx.Err() == nil {
				if limit > 0 && issued.Add(1) > limit {
					break
				}
				i := seq.Add(1)
				req, err := buildRequest(cfg, i)
				if err != nil {
					fatalf("build request: %v", err)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						break // cut off by the deadline: not counted
					}
					r.errors++
					r.codes[0]++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				r.codes[resp.StatusCode]++
				if resp.StatusCode >= 400 {
					r.errors++
				}
				r.lat = append(r.lat, d)
			}
			results[w] = r
		}(w)
	}
	wg.Wait()
	var all result
	all.codes = map[int]int{}
	for _, r := range results {
		all.lat = append(all.lat, r.lat...)
		all.errors += r.errors
		for k, v := range r.codes {
			all.codes[k] += v
		}
	}
	return all
}

func buildRequest(cfg *config, i int64) (*http.Request, error) {
	switch cfg.scenario {
	case "get":
		id := cfg.ids[int(i)%len(cfg.ids)]
		return http.NewRequest(http.MethodGet, cfg.base+"/api/posts/"+id, nil)
	case "list":
		return http.NewRequest(http.MethodGet, cfg.base+"/api/posts?limit=20", nil)
	case "create":
		name := cfg.prefix + "-" + strconv.FormatInt(i, 10)
		body := strings.ReplaceAll(cfg.body, "{{name}}", name)
		req, err := http.NewRequest(http.MethodPost, cfg.base+"/api/tags", bytes.NewReader([]byte(body)))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+cfg.token)
		return req, nil
	case "url":
		u := cfg.urls[int(i)%len(cfg.urls)]
		if strings.HasPrefix(u, "/") {
			u = cfg.base + u
		}
		return http.NewRequest(http.MethodGet, u, nil)
	}
	return nil, fmt.Errorf("unknown scenario %q", cfg.scenario)
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	idx := int(float64(len(sorted)-1) * p)
	return sorted[idx]
}

func report(cfg *config, res result, elapsed time.Duration) {
	sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
	n := len(res.lat)
	rps := float64(n) / elapsed.Seconds()
	p50 := percentile(res.lat, 0.50)
	p99 := percentile(res.lat, 0.99)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	if cfg.jsonOut {
		codes := map[string]int{}
		for k, v := range res.codes {
			codes[strconv.Itoa(k)] = v
		}
		out := map[string]any{
			"label": cfg.label, "scenario": cfg.scenario, "concurrency": cfg.conc,
			"requests": n, "seconds": elapsed.Seconds(), "rps": rps,
			"p50_ms": ms(p50), "p99_ms": ms(p99), "errors": res.errors, "codes": codes,
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
		return
	}
	var codes []string
	keys := make([]int, 0, len(res.codes))
	for k := range res.codes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		codes = append(codes, fmt.Sprintf("%d:%d", k, res.codes[k]))
	}
	label := cfg.label
	if label == "" {
		label = cfg.base
	}
	fmt.Printf("%s scenario=%s c=%d requests=%d time=%.2fs rps=%.1f p50=%.2fms p99=%.2fms errors=%d codes=%s\n",
		label, cfg.scenario, cfg.conc, n, elapsed.Seconds(), rps, ms(p50), ms(p99), res.errors, strings.Join(codes, ","))
}

func loadIDs(list, file string) ([]string, error) {
	var ids []string
	if file != "" {
		lines, err := readLines(file)
		if err != nil {
			return nil, err
		}
		ids = append(ids, lines...)
	}
	if list != "" {
		if lo, hi, ok := strings.Cut(list, "-"); ok && !strings.Contains(list, ",") {
			a, err1 := strconv.Atoi(lo)
			b, err2 := strconv.Atoi(hi)
			if err1 != nil || err2 != nil || b < a {
				return nil, fmt.Errorf("bad -ids range %q", list)
			}
			for i := a; i <= b; i++ {
				ids = append(ids, strconv.Itoa(i))
			}
		} else {
			for _, s := range strings.Split(list, ",") {
				if s = strings.TrimSpace(s); s != "" {
					ids = append(ids, s)
				}
			}
		}
	}
	return ids, nil
}

func readLines(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
	os.Exit(2)
}
