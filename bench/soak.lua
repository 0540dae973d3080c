-- wrk script for bench/soak: a realistic mix read from $SOAK_PATHS (one GET
-- path a line: tiles at many zooms, area and keyword searches, lookups, areas),
-- and every $SOAK_EDIT_EVERY-th request an agency edit with the bearer token
-- $SOAK_TOKEN: each wrk thread first creates a few programmes (POST
-- /v1/programmes, in one of $SOAK_EDIT_AREAS), then keeps changing them
-- (PATCH with If-Match: *), so the data changes without growing without end. Counts the
-- answers by status class; done() prints them as "soak-status CLASS COUNT".
local paths = {}
for line in io.lines(os.getenv("SOAK_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local token = os.getenv("SOAK_TOKEN") or ""
local edit_every = tonumber(os.getenv("SOAK_EDIT_EVERY") or "0")
local areas = {}
for code in string.gmatch(os.getenv("SOAK_EDIT_AREAS") or "", "[^,]+") do areas[#areas + 1] = code end

local threads = {}
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  thread:set("offset", math.random(1, #paths))
  table.insert(threads, thread)
end

local i = 0
local edits = 0
local ids = {}            -- programmes this thread created, then keeps editing
local keep = 32           -- creates per thread; later edits are PATCHes of these, in turn,
                          -- so that two edits of one programme are never in flight at once
statuses = {}
request = function()
  i = i + 1
  if edit_every > 0 and #areas > 0 and token ~= "" and i % edit_every == 0 then
    edits = edits + 1
    local auth = "Bearer " .. token
    if #ids >= keep then
      local id = ids[(edits % #ids) + 1]
      local body = string.format('{"max_amount":"%d万円","summary":"負荷試験の更新 %d"}', 100 + edits % 900, edits)
      return wrk.format("PATCH", "/v1/programmes/" .. id,
        {["Authorization"] = auth, ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*"}, body)
    end
    local area = areas[(edits % #areas) + 1]
    local body = string.format(
      '{"title":"負荷試験 設備導入補助金 %d-%d","areas":["%s"],"purposes":["設備整備・IT導入をしたい"],' ..
      '"max_amount":"100万円","acceptance_start":"2026/04/01","acceptance_end":"令和8年11月30日",' ..
      '"url":"https://example.lg.jp/soak","status":"published"}', id, edits, area)
    return wrk.format("POST", "/v1/programmes", {["Authorization"] = auth, ["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", paths[((i + (offset or 0)) % #paths) + 1])
end

response = function(status, headers, body)
  local class = tostring(status)
  statuses[class] = (statuses[class] or 0) + 1
  if status == 201 and #ids < keep then
    for name, value in pairs(headers) do
      if string.lower(name) == "location" then
        local created = string.match(value, "/v1/programmes/(%d+)")
        if created then ids[#ids + 1] = created end
      end
    end
  end
end

done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("soak-status %s %d\n", k, v)) end
  io.write(string.format("soak-p50-us %d\nsoak-p99-us %d\nsoak-max-us %d\n",
    latency:percentile(50), latency:percentile(99), latency.max))
  io.write(string.format("soak-requests %d\nsoak-errors %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
