"""Stage 4: page templates, running heads, recto chapter starts, passes."""
