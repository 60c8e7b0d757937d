"""The board manages the API tokens and downloads the register export; nobody else does."""

import rules

from emulation.rules import is_board

rules.add_perm("api.manage_tokens", is_board)
rules.add_perm("api.export_register", is_board)
