// Bulletin's work in Go: a goroutine per worker, GOMAXPROCS set to the desks, the board guarded by
// sync.Mutex or sync.RWMutex. The same visits and operation counts as bench/primitives_bench.cpp
// and the reads and rewrites of bench/engine_workloads.hpp, so that the rates compare. Prints one
// JSON line per workload: operations per second, the median, smallest and largest of five
// repetitions of at least 50 ms each.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
)

const sheets = 4

type board struct {
	sheets  [sheets]int64
	tallies []int64
}

// The locks as the workers use them: the read side is the write side for a plain mutex.
type lock interface {
	Lock()
	Unlock()
	RLock()
	RUnlock()
}

type plainMutex struct{ sync.Mutex }

func (m *plainMutex) RLock()   { m.Lock() }
func (m *plainMutex) RUnlock() { m.Unlock() }

func clamp(value, low, high int) int {
	if value < low {
		return low
	}
	if value > high {
		return high
	}
	return value
}

// About 20,000 reads in all, at least 2 a reader, and a rewrite for every 99 reads.
func readsAndUpdates(workers int) (int, int) {
	readers := workers - 1
	reads := clamp(20000/readers, 2, 10000)
	updates := clamp((readers*reads+49)/99, 1, 1000)
	return reads, updates
}

func run(kind string, workers, reads, updates int) int64 {
	var guard lock
	if kind == "rwmutex" {
		guard = &sync.RWMutex{}
	} else {
		guard = &plainMutex{}
	}
	b := board{tallies: make([]int64, workers)}
	var wg sync.WaitGroup
	wg.Add(workers)
	go func() {
		defer wg.Done()
		for version := int64(1); version <= int64(updates); version++ {
			guard.Lock()
			for sheet := range b.sheets {
				b.sheets[sheet] = version
			}
			guard.Unlock()
		}
	}()
	for worker := 1; worker < workers; worker++ {
		go func(worker int) {
			defer wg.Done()
			var torn int64
			for round := int64(1); round <= int64(reads); round++ {
				guard.RLock()
				low, high := b.sheets[0], b.sheets[0]
				for _, sheet := range b.sheets[1:] {
					if sheet < low {
						low = sheet
					}
					if sheet > high {
						high = sheet
					}
				}
				guard.RUnlock()
				if low != high {
					torn++
				}
				b.tallies[worker] = round + torn<<32
			}
		}(worker)
	}
	wg.Wait()
	return int64(sheets*updates + (sheets+1)*reads*(workers-1))
}

type spread struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

type row struct {
	Name      string `json:"name"`
	OpsPerSec spread `json:"ops_per_s"`
}

func main() {
	out := json.NewEncoder(os.Stdout)
	for _, kind := range []string{"mutex", "rwmutex"} {
		for _, desks := range []int{1, 2, 4} {
			runtime.GOMAXPROCS(desks)
			for _, workers := range []int{2, 64, 10000} {
				reads, updates := readsAndUpdates(workers)
				rates := make([]float64, 0, 5)
				for repetition := 0; repetition < 5; repetition++ {
					var operations int64
					start := time.Now()
					for time.Since(start) < 50*time.Millisecond {
						operations += run(kind, workers, reads, updates)
					}
					rates = append(rates, float64(operations)/time.Since(start).Seconds())
				}
				sort.Float64s(rates)
				name := fmt.Sprintf("go/bulletin/%s/desks=%d/workers=%d", kind, desks, workers)
				if err := out.Encode(row{name, spread{rates[2], rates[0], rates[4]}}); err != nil {
					fmt.Fprintln(os.Stderr, "bench:", err)
					os.Exit(1)
				}
			}
		}
	}
}
