-- wrk script for bench/serve.sh: cycles through 20 varied search requests
-- (words, phrases, boolean queries, speaker/role/date/part filters, paging)
-- on the kremlin-en archive. Counts statuses so the summary can tell errors.
local paths = {
  "/api/v1/search?q=Russia",
  "/api/v1/search?q=%22Union%20State%22",
  "/api/v1/search?q=Belarus&speaker=vladimir-putin",
  "/api/v1/search?q=gas%20AND%20price",
  "/api/v1/search?q=economy&from=2015&to=2019",
  "/api/v1/search?q=%22Eurasian%20Economic%20Union%22",
  "/api/v1/search?q=sanctions&speaker=vladimir-putin&from=2014",
  "/api/v1/search?q=Ukraine&from=2016-01-01&to=2017-12-31",
  "/api/v1/search?q=investment&role=prime%20minister",
  "/api/v1/search?q=oil%20OR%20gas",
  "/api/v1/search?q=terrorism&limit=50",
  "/api/v1/search?q=%22international%20law%22",
  "/api/v1/search?q=agriculture&part=speech",
  "/api/v1/search?q=China&speaker=dmitry-medvedev",
  "/api/v1/search?q=inflation&from=2017-01&to=2019-06",
  "/api/v1/search?q=%22Olympic%20Games%22",
  "/api/v1/search?q=NATO%20NOT%20Ukraine",
  "/api/v1/search?q=education&to=2012&part=lead",
  "/api/v1/search?q=healthcare&offset=20",
  "/api/v1/search?q=Syria&from=2015&speaker=vladimir-putin",
}

-- Status counts live in numeric globals (s200, s404 ...): wrk copies
-- numbers, not tables, out of a thread.
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  local name = "s" .. status
  _G[name] = (_G[name] or 0) + 1
end

function done(summary, latency, requests)
  local parts = {}
  for code = 100, 599 do
    local n = 0
    for _, thread in ipairs(threads) do n = n + (thread:get("s" .. code) or 0) end
    if n > 0 then table.insert(parts, code .. "=" .. n) end
  end
  io.write(string.format("statuses: %s\n", table.concat(parts, " ")))
  io.write(string.format("p50_ms: %.2f\np99_ms: %.2f\nrps: %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
