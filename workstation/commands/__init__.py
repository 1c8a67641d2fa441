"""Sub-commands of the ``workstation`` CLI, one module each (registered by ``workstation.cli``)."""
