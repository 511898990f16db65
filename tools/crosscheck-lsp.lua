-- A real client, Neovim (Debian's 0.7.2), against `alliance-report lsp`:
-- for every file of a report folder, the diagnostics Neovim receives must
-- be those of `check --format json` (count, start line and column, rule);
-- on a folder with a misspelt key `tpye` in members.yaml, completion, a
-- hover and the quick fix that writes `type` must work.
--
--   ALLIANCE_REPORT=bin REPORT_DIR=dir EXPECTED_JSON=check.json \
--     nvim --headless --clean -c 'luafile tools/crosscheck-lsp.lua'
--
-- Prints one line per file ("lsp: FILE: N same") and ends Neovim with
-- status 0 when all agree, 1 otherwise. Called by tools/crosscheck.sh.

local bin = os.getenv("ALLIANCE_REPORT")
local dir = vim.fn.fnamemodify(os.getenv("REPORT_DIR"), ":p"):gsub("/$", "")
local expected = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("EXPECTED_JSON")), "\n"))
local failed = false

local function say(text)
  io.stdout:write(text .. "\n")
end

local function fail(text)
  say("lsp: " .. text)
  failed = true
end

local function finish()
  vim.lsp.stop_client(vim.lsp.get_active_clients())
  if failed then
    vim.cmd("cquit 1")
  else
    vim.cmd("qall!")
  end
end

local function lines_of(rel)
  local ok, lines = pcall(vim.fn.readfile, dir .. "/" .. rel)
  return ok and lines or {}
end

local initialized = false
local client_id = vim.lsp.start_client({
  name = "alliance-report",
  cmd = { bin, "lsp" },
  root_dir = dir,
  on_init = function() initialized = true end,
  on_exit = function(code)
    if code ~= 0 then
      fail("the server ended with status " .. code)
    end
  end,
})
if not client_id then
  fail("the server did not start")
  return finish()
end

-- Open members.yaml (the rest stays closed: its problems must come anyway).
vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/members.yaml"))
local members = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(members, client_id)
local function ready()
  return initialized and vim.lsp.buf_is_attached(members, client_id)
end
if not vim.wait(20000, ready) then
  fail("the client did not attach")
  return finish()
end
-- The server checks before it answers: after this answer, every file's
-- problems have been published.
vim.lsp.buf_request_sync(members, "textDocument/documentSymbol",
  { textDocument = vim.lsp.util.make_text_document_params(members) }, 20000)
vim.wait(500)

-- "line:column:rule" of check's problems, by file; a problem with a line
-- and no column starts at the line's text, one of the whole file at 1:1.
local want = {}
for _, d in ipairs(expected) do
  local file = d.file ~= "" and d.file or "report.yaml"
  local line, column = d.line, d.column
  if line == 0 then
    line, column = 1, 1
  elseif column == 0 then
    local text = lines_of(file)[line] or ""
    column = vim.str_utfindex(text, #text - #text:gsub("^%s+", "")) + 1
  end
  want[file] = want[file] or {}
  table.insert(want[file], line .. ":" .. column .. ":" .. d.rule)
end

local files = {}
for file in pairs(want) do files[file] = true end
for _, name in ipairs(vim.fn.globpath(dir, "**/*.{yaml,md}", false, true)) do
  files[name:sub(#dir + 2)] = true
end

for file in pairs(files) do
  local bufnr = vim.uri_to_bufnr(vim.uri_from_fname(dir .. "/" .. file))
  local got = {}
  local lines = vim.api.nvim_buf_is_loaded(bufnr) and vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) or lines_of(file)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local column = vim.str_utfindex(lines[d.lnum + 1] or "", d.col) + 1
    table.insert(got, (d.lnum + 1) .. ":" .. column .. ":" .. tostring(d.code))
  end
  local expect = want[file] or {}
  table.sort(got)
  table.sort(expect)
  if table.concat(got, " ") == table.concat(expect, " ") then
    if #got > 0 then say("lsp: " .. file .. ": " .. #got .. " same") end
  else
    fail(file .. ": Neovim got [" .. table.concat(got, " ") .. "], check says [" .. table.concat(expect, " ") .. "]")
  end
end

-- Completion, hover and the quick fix, on a folder with the misspelt key.
local text = vim.api.nvim_buf_get_lines(members, 0, -1, false)
local misspelt, typed
for i, line in ipairs(text) do
  if not misspelt and line:match("^    tpye:") then misspelt = i - 1 end
  if not typed and line:match("^    type:") then typed = i - 1 end
end
if misspelt then
  local at = function(line, character)
    return { textDocument = vim.lsp.util.make_text_document_params(members), position = { line = line, character = character } }
  end
  local answers = vim.lsp.buf_request_sync(members, "textDocument/completion", at(typed, 10), 10000) or {}
  local words = {}
  for _, answer in pairs(answers) do
    for _, item in ipairs(answer.result or {}) do table.insert(words, item.label) end
  end
  if table.concat(words, "、"):find("企业、大学", 1, true) then
    say("lsp: completion: " .. table.concat(words, "、"))
  else
    fail("completion offers [" .. table.concat(words, "、") .. "]")
  end

  local shown = ""
  for _, answer in pairs(vim.lsp.buf_request_sync(members, "textDocument/hover", at(typed, 5), 10000) or {}) do
    shown = shown .. ((answer.result or {}).contents or {}).value or ""
  end
  if shown:find("单位类型", 1, true) then
    say("lsp: hover: " .. shown:gsub("\n.*", ""))
  else
    fail("hover shows [" .. shown .. "]")
  end

  local params = {
    textDocument = vim.lsp.util.make_text_document_params(members),
    range = { start = { line = misspelt, character = 4 }, ["end"] = { line = misspelt, character = 4 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(members, misspelt) },
  }
  local fixed = false
  for _, answer in pairs(vim.lsp.buf_request_sync(members, "textDocument/codeAction", params, 10000) or {}) do
    for _, action in ipairs(answer.result or {}) do
      if action.edit and not fixed then
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
        fixed = true
      end
    end
  end
  local line = vim.api.nvim_buf_get_lines(members, misspelt, misspelt + 1, false)[1] or ""
  if fixed and line:match("^    type:") then
    say("lsp: code action: " .. line)
  else
    fail("the quick fix left [" .. line .. "]")
  end
end

finish()
