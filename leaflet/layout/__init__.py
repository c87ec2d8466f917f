"""Stage 2: measuring, planning and drawing leaflets with ReportLab."""
