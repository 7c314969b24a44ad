// English: the list pages' paging, selection and batch actions (issue 15).
export default {
  list: {
    total: '{count} in total',
    totalAbout: 'About {count}',
    totalAboutHint: 'Many rows: an estimate. Filter the list for an exact count.',
    pageSize: '{n} / page',
    pageSizeLabel: 'Rows per page',
    pager: 'Pages',
    selected: '{count} selected',
    clearSelection: 'Clear selection',
    exportSelected: 'Export selected',
    batchApprove: 'Approve selected',
    batchApproveTitle: 'Approve {count} suggestions',
    batchApproveIntro:
      'These suggestions will be approved with one opinion. If any one cannot be approved (for example, someone changed it), none is.',
    opinion: 'Opinion',
    opinionDefault: 'Approved.',
    skipped: '{count} not awaiting your approval, left out',
    approved: '{count} approved',
    batchFailed: 'Could not approve “{title}”, so none was approved: {reason}',
    noneApprovable: 'None of the selected suggestions awaits your approval',
    view: 'View',
    edit: 'Edit',
    approve: 'Approve',
    handle: 'Act',
    select: 'Select',
  },
}
