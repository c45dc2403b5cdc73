// Run probe cases with Go's net/http client at its defaults: JSON cases on stdin, results
// ({id, status, text, error}) on stdout.   go run go_client.go [--version]
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"
)

type probeCase struct {
	ID      string            `json:"id"`
	URL     string            `json:"url"`
	Method  string            `json:"method"`
	Body    *string           `json:"body"`
	Headers map[string]string `json:"headers"`
	Auth    []string          `json:"auth"`
}

type result struct {
	ID     string  `json:"id"`
	Status *int    `json:"status"`
	Text   *string `json:"text"`
	Error  *string `json:"error"`
}

func run(client *http.Client, c probeCase) result {
	var body io.Reader
	if c.Body != nil {
		body = strings.NewReader(*c.Body)
	}
	request, err := http.NewRequest(c.Method, c.URL, body)
	if err == nil {
		for name, value := range c.Headers {
			request.Header.Set(name, value)
		}
		if len(c.Auth) == 2 {
			request.SetBasicAuth(c.Auth[0], c.Auth[1])
		}
		var response *http.Response
		response, err = client.Do(request)
		if err == nil {
			defer response.Body.Close()
			data, _ := io.ReadAll(response.Body)
			text := string(data)
			return result{ID: c.ID, Status: &response.StatusCode, Text: &text}
		}
	}
	message := "error"
	if strings.Contains(err.Error(), "stopped after") {
		message = "too many redirects"
	}
	return result{ID: c.ID, Error: &message}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println(strings.TrimPrefix(runtime.Version(), "go"))
		return
	}
	var cases []probeCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	client := &http.Client{Timeout: 15 * time.Second}
	results := []result{}
	for _, c := range cases {
		results = append(results, run(client, c))
	}
	json.NewEncoder(os.Stdout).Encode(results)
}
