-- A second, independent LSP client: Neovim's built-in one, headless.
-- Starts the bundled server over stdio, opens the draft given on the command line,
-- waits for diagnostics and writes them as JSON to $SYNOPTIC_OUT, then quits.
local server = os.getenv('SYNOPTIC_SERVER')
local out = os.getenv('SYNOPTIC_OUT')
local timeout_ms = tonumber(os.getenv('SYNOPTIC_TIMEOUT_MS') or '15000')

vim.filetype = vim.filetype or {}
vim.cmd('autocmd BufRead,BufNewFile *.path setfiletype pathology-report')

local function write(result)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
end

local client_id = vim.lsp.start_client({
  name = 'synoptic',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
  settings = { synoptic = {} },
})

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'pathology-report',
  callback = function(args)
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local started = vim.loop.now()
local timer = vim.loop.new_timer()
timer:start(200, 200, vim.schedule_wrap(function()
  local buf = vim.api.nvim_get_current_buf()
  local diags = vim.diagnostic.get(buf)
  local elapsed = vim.loop.now() - started
  if #diags > 0 or elapsed > timeout_ms then
    timer:stop()
    local result = { client = client_id ~= nil, filetype = vim.bo[buf].filetype, diagnostics = {} }
    for _, d in ipairs(diags) do
      local code = d.code
      if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
      table.insert(result.diagnostics, { code = code, severity = d.severity, lnum = d.lnum, source = d.source, message = d.message })
    end
    write(result)
    vim.cmd('qall!')
  end
end))
