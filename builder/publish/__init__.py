"""Publishing: output formats (a registry), results files, the output folder's lifecycle, releases."""
