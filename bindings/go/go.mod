module onedoor.local/onedoor

go 1.19
