module greenlight.local/pause

go 1.26
