//! Visibility windows: roots of elevation − mask (issue 3).
